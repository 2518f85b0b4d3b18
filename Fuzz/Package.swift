// swift-tools-version: 6.0
// The libFuzzer targets, one per reader and parser, built against the SpikeStream package itself (its
// `SpikeStream` library product), so they compile exactly the sources the package does and cannot fall behind it.
// Build: swift build --package-path Fuzz -Xswiftc -sanitize=fuzzer,address (scripts/lib/fuzz.sh, fuzz_build).
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]
let targets = ["nmnist", "aedat2", "aedat31", "aedat4", "evt2", "evt3", "dat", "wav", "pipeline", "cache", "npz", "heidelberg"]

let package = Package(
    name: "SpikeStreamFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "SpikeStream", path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "SpikeStream", package: "SpikeStream")],
                swiftSettings: strict),
    ] + targets.map { name in
        .executableTarget(name: "fuzz-\(name)", dependencies: ["FuzzSupport",
                                                               .product(name: "SpikeStream", package: "SpikeStream")],
                          swiftSettings: strict)
    }
)
