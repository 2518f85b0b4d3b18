// swift-tools-version: 6.0
import Foundation
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

/// The optional libtorch backend (`--device torch-cpu|cuda`): built when libtorch's headers are found, in the folder
/// $SPIKESTREAM_LIBTORCH names or else in scripts/.venv-libtorch/libtorch (what scripts/install-torch makes);
/// SPIKESTREAM_LIBTORCH=off builds without it. Without it the package needs no PyTorch at all.
let libtorch: String? = {
    let named = ProcessInfo.processInfo.environment["SPIKESTREAM_LIBTORCH"]
    guard named != "off" else { return nil }
    let folder = URL(fileURLWithPath: named ?? Context.packageDirectory + "/scripts/.venv-libtorch/libtorch")
        .resolvingSymlinksInPath().path
    return FileManager.default.fileExists(atPath: folder + "/include/ATen/ATen.h") ? folder : nil
}()
let torchTargets: [Target] = libtorch.map { torch in [
    // libtorch's C++ (ATen) behind a C API; links libtorch_cpu + libc10 only (libtorch_cuda is loaded for "cuda").
    .target(name: "CTorchBackend", cxxSettings: [.unsafeFlags(["-isystem", torch + "/include"])],
            linkerSettings: [.linkedLibrary("torch_cpu"), .linkedLibrary("c10"),
                             .unsafeFlags(["-L" + torch + "/lib", "-Xlinker", "-rpath", "-Xlinker", torch + "/lib"])]),
    // The torch backend in Swift: a `TrainingBackend` that trains a copy of the engine's network with ATen.
    .target(name: "SpikeTorch", dependencies: ["CTorchBackend", "SpikeEvents", "SpikeNet"], swiftSettings: strict),
    // Data-parallel training over c10d (TCPStore rendezvous, ProcessGroupGloo) behind a C API; the wheel lacks
    // gloo's headers, so gloo-declarations declares the few names ProcessGroupGloo.hpp mentions.
    .target(name: "CTorchDistributed",
            cxxSettings: [.headerSearchPath("gloo-declarations"),
                          .unsafeFlags(["-isystem", torch + "/include", "-isystem", torch + "/include/torch/csrc/api/include"])],
            linkerSettings: [.linkedLibrary("torch_cpu"), .linkedLibrary("c10"),
                             .unsafeFlags(["-L" + torch + "/lib", "-Xlinker", "-rpath", "-Xlinker", torch + "/lib"])]),
    // `train` under a launcher: the process group, the gradient reducer and the trainer's collectives in Swift.
    .target(name: "SpikeDistributed", dependencies: ["CTorchDistributed", "SpikeNet", "SpikeTraining"],
            swiftSettings: strict),
    .testTarget(name: "SpikeDistributedTests",
                dependencies: ["SpikeDistributed", "SpikeNet", "SpikeTraining", "SpikeModel", "SpikeTestSupport"],
                swiftSettings: strict),
] } ?? []
/// Where the torch backend is built: the targets that use it see SPIKESTREAM_TORCH.
let torchDependency: [Target.Dependency] = libtorch == nil ? [] : ["SpikeTorch"]
let torchSettings: [SwiftSetting] = libtorch == nil ? strict : strict + [.define("SPIKESTREAM_TORCH")]
/// Data-parallel training (c10d) comes with libtorch: the executable sees SPIKESTREAM_DISTRIBUTED.
let distributedDependency: [Target.Dependency] = libtorch == nil ? [] : ["SpikeDistributed"]
let distributedSettings: [SwiftSetting] = libtorch == nil ? [] : [.define("SPIKESTREAM_DISTRIBUTED")]

let package = Package(
    name: "SpikeStream",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "spikestream", targets: ["spikestream"]),
        .library(name: "SpikeStream", targets: [
            "SpikeEvents", "SpikeFormats", "SpikeTransforms", "SpikeCache", "SpikeDatasets", "SpikePipeline",
            "SpikePreprocess", "SpikeNet", "SpikeAudio", "SpikeRender", "SpikeModel", "SpikeTraining", "SpikeStreaming", "SpikeNIR",
        ]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-async-algorithms", from: "1.1.4"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    ],
    targets: [
        // C libraries, wrapped thinly; no C type leaks past the Swift module that imports them.
        .systemLibrary(name: "CHDF5", path: "Sources/CHDF5", pkgConfig: "hdf5-serial",
                       providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(name: "CZstd", path: "Sources/CZstd", pkgConfig: "libzstd",
                       providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CLZ4", path: "Sources/CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        // No pkgConfig: kissfft's .pc carries -D flags SwiftPM rejects; the shim sets them instead.
        .systemLibrary(name: "CKissFFT", path: "Sources/CKissFFT", providers: [.apt(["libkissfft-dev"])]),
        .systemLibrary(name: "CSampleRate", path: "Sources/CSampleRate", pkgConfig: "samplerate",
                       providers: [.apt(["libsamplerate0-dev"])]),
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        .systemLibrary(name: "CGzip", path: "Sources/CGzip", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CPNG", path: "Sources/CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),

        .target(name: "SpikeEvents", swiftSettings: strict),
        .target(name: "SpikeFormats", dependencies: ["SpikeEvents", "CZstd", "CLZ4"], swiftSettings: strict),
        .target(name: "SpikeTransforms", dependencies: ["SpikeEvents"], swiftSettings: strict),
        .target(name: "SpikeCache", dependencies: ["SpikeEvents", "CHDF5", "CZstd",
                                                   .product(name: "Crypto", package: "swift-crypto")],
                swiftSettings: strict),
        .target(name: "SpikeDatasets", dependencies: ["SpikeEvents", "SpikeFormats", "SpikeAudio", "SpikeTransforms", "SpikeCache"],
                swiftSettings: strict),
        // Async stages (parallel map, shuffle, batch, prefetch, progress) and the cache as a random-access source.
        .target(name: "SpikePipeline", dependencies: [
            "SpikeEvents", "SpikeCache", "SpikeTransforms",
            .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
        ], swiftSettings: strict),
        // The preprocess workflow: catalog → read → bin → compress in parallel → one cache writer.
        .target(name: "SpikePreprocess",
                dependencies: ["SpikeEvents", "SpikeFormats", "SpikeTransforms", "SpikeCache", "SpikeDatasets",
                               "SpikePipeline", "SpikeAudio",
                               .product(name: "AsyncAlgorithms", package: "swift-async-algorithms")],
                swiftSettings: strict),
        // Audio → spikes: resampling, log-mel / MFCC front end, delta / rate / latency spike encoders.
        .target(name: "SpikeAudio", dependencies: ["SpikeEvents", "CKissFFT", "CSampleRate"], swiftSettings: strict),
        // The SNN engine: tensors, layers, neurons, learning rules, optimizers (BPTT on CPU, BLAS for dense work).
        .target(name: "SpikeNet", dependencies: ["SpikeEvents", "CSpikeKernels"], swiftSettings: strict),
        // The engine's few wide-vector loops, built per x86-64 level and chosen at load time.
        .target(name: "CSpikeKernels"),
        // Pictures: RGB canvas, PNG (libpng) and GIF89a output, event frames, spike rasters, training curves.
        .target(name: "SpikeRender", dependencies: ["SpikeEvents", "CPNG"], swiftSettings: strict),
        // The model file: weights, network config and the pipeline's input sections (binning, transforms), no YAML.
        .target(name: "SpikeModel",
                dependencies: ["SpikeEvents", "SpikeFormats", "SpikeTransforms", "SpikeCache", "SpikeNet", "SpikeDatasets"],
                swiftSettings: strict),
        // NIR (Neuromorphic Intermediate Representation) graphs: export a trained network, import one to run here.
        .target(name: "SpikeNIR", dependencies: ["SpikeCache", "SpikeNet"], swiftSettings: strict),
        // Training and inference from a pipeline YAML: config, trainer, inference report.
        .target(name: "SpikeTraining",
                dependencies: ["SpikeEvents", "SpikeFormats", "SpikeTransforms", "SpikeCache", "SpikeDatasets",
                               "SpikePipeline", "SpikePreprocess", "SpikeNet", "SpikeModel", "SpikeAudio", "SpikeNIR",
                               .product(name: "Yams", package: "Yams")],
                swiftSettings: strict),
        // Online inference: incremental decoding, windowing, stateful SNN steps, stdin/file sources, and the
        // SwiftNIO TCP server (many clients) and AEDAT 4 network-stream client.
        .target(name: "SpikeStreaming",
                dependencies: ["SpikeEvents", "SpikeFormats", "SpikeTransforms", "SpikeAudio", "SpikeNet", "SpikePipeline",
                               "SpikeModel", "SpikeDatasets", .product(name: "NIOCore", package: "swift-nio"),
                               .product(name: "NIOPosix", package: "swift-nio"),
                               .product(name: "NIOConcurrencyHelpers", package: "swift-nio")],
                swiftSettings: strict),
        // `spikestream download`: the descriptors' archive sources, resumable HTTPS fetch (URLSession), checksum
        // checks, zip (ZIPFoundation) and .tar.gz (zlib + a small tar reader) unpacking into the preprocess layouts.
        .target(name: "SpikeDownload",
                dependencies: ["SpikeDatasets", "CGzip", .product(name: "Crypto", package: "swift-crypto"),
                               .product(name: "ZIPFoundation", package: "ZIPFoundation")],
                swiftSettings: strict),
        .executableTarget(name: "spikestream", dependencies: [
            "SpikeEvents", "SpikeFormats", "SpikeTransforms", "SpikeCache", "SpikeDatasets", "SpikePipeline",
            "SpikePreprocess", "SpikeNet", "SpikeAudio", "SpikeRender", "SpikeModel", "SpikeTraining", "SpikeStreaming",
            "SpikeNIR", "SpikeDownload", "CMalloc", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ] + torchDependency + distributedDependency, swiftSettings: torchSettings + distributedSettings),

        .target(name: "SpikeTestSupport", dependencies: ["SpikeEvents"], path: "Tests/SpikeTestSupport",
                swiftSettings: strict),
        .testTarget(name: "SpikeEventsTests", dependencies: ["SpikeEvents", "SpikeFormats", "SpikeTestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "SpikeFormatsTests", dependencies: ["SpikeFormats", "SpikeTestSupport"], exclude: ["Fixtures"],
                    swiftSettings: strict),
        .testTarget(name: "SpikeTransformsTests", dependencies: ["SpikeTransforms", "SpikeFormats", "SpikeTestSupport"],
                    exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "SpikeCacheTests", dependencies: ["SpikeCache", "SpikeTestSupport"], swiftSettings: strict),
        .testTarget(name: "SpikeDatasetsTests", dependencies: ["SpikeDatasets", "SpikeFormats", "SpikeTestSupport"],
                    exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "SpikePipelineTests", dependencies: ["SpikePipeline", "SpikeCache", "SpikeTransforms",
                                                            "SpikeTestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "SpikeAudioTests", dependencies: ["SpikeAudio", "SpikeFormats", "SpikeTestSupport"],
                    exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "SpikeNetTests", dependencies: ["SpikeNet", "SpikeTestSupport"], exclude: ["Fixtures"],
                    swiftSettings: strict),
        .testTarget(name: "SpikeStreamingTests",
                    dependencies: ["SpikeStreaming", "SpikeFormats", "SpikeNet", "SpikeTransforms", "SpikeAudio",
                                   "SpikeModel", "SpikeTraining", "SpikeCache", "SpikeDatasets", "SpikePreprocess",
                                   "SpikeTestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "SpikePreprocessTests",
                    dependencies: ["SpikePreprocess", "SpikeCache", "SpikeDatasets", "SpikeTestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "SpikeDownloadTests",
                    dependencies: ["SpikeDownload", "SpikeDatasets", "SpikeFormats", "SpikeEvents", "SpikeCache", "SpikeTestSupport",
                                   .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                                   .product(name: "NIOCore", package: "swift-nio"),
                                   .product(name: "NIOPosix", package: "swift-nio"),
                                   .product(name: "NIOHTTP1", package: "swift-nio")],
                    swiftSettings: strict),
        .testTarget(name: "SpikeRenderTests", dependencies: ["SpikeRender", "SpikeCache", "SpikeEvents", "SpikeTestSupport"], swiftSettings: strict),
        .testTarget(name: "SpikeModelTests", dependencies: ["SpikeModel", "SpikeCache", "SpikeNet", "SpikeTestSupport"],
                    swiftSettings: strict),
        .testTarget(name: "SpikeNIRTests", dependencies: ["SpikeNIR", "SpikeNet", "SpikeCache", "SpikeEvents", "SpikeTestSupport"],
                    swiftSettings: strict),
        // torch-cpu against the CPU engine (skipped, visibly, when the torch backend is not built).
        .testTarget(name: "SpikeTorchTests",
                    dependencies: ["SpikeNet", "SpikeModel", "SpikeFormats", "SpikeTraining", "SpikeDatasets",
                                   "SpikePreprocess", "SpikeTestSupport"] + torchDependency,
                    swiftSettings: torchSettings),
        .testTarget(name: "SpikeTrainingTests",
                    dependencies: ["SpikeTraining", "SpikeModel", "SpikeNet", "SpikeCache", "SpikeEvents", "SpikeDatasets",
                                   "SpikeFormats",
                                   "SpikePreprocess", "SpikePipeline", "SpikeAudio", "SpikeNIR", "SpikeTestSupport"],
                    swiftSettings: strict),
    ] + torchTargets,
    cxxLanguageStandard: .cxx17
)
