import Foundation
import SpikeCache
import SpikeDatasets
import SpikeEvents
import SpikeFormats
import SpikePreprocess
import SpikeTestSupport
import SpikeTransforms
import Testing

/// `preprocess` on the DVS128-Gesture and CIFAR10-DVS layouts, assembled from generated files and the shared
/// MNIST-DVS recordings (the same AEDAT 2.0 container and DVS128 addresses as CIFAR10-DVS).
@Suite("Preprocess DVS128 dataset layouts")
struct DatasetLayoutPreprocessTests {
    static let binning = FrameBinning(.nTimeBins(4))

    @Test("DVS128-Gesture: one sample per labels row, each exactly its window's events, recording read once")
    func gesture() async throws {
        let root = try RepoPaths.temporaryDirectory("spikestream-gesture") + "/DvsGesture"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        // 3000 events over 3 s on a 128×128 sensor, and three windows, two of them overlapping.
        let n = 3000
        let events = EventChunk(t: (0..<n).map { Int64($0) * 1000 }, x: (0..<n).map { UInt16($0 % 128) },
                                y: (0..<n).map { UInt16($0 / 128 % 128) }, p: (0..<n).map { UInt8($0 % 2) })
        for (trial, split) in [("user01_natural", "train"), ("user02_led", "test")] {
            let writer = try AEDAT31Writer(path: "\(root)/\(trial).aedat")
            try writer.writePolarity(events)
            try writer.close()
            // The last window lies past the recording's 3 s: an empty sample, counted in the report.
            try "class,startTime_usec,endTime_usec\n3,0,1000000\n5,500000,1500000\n3,2000000,2500000\n4,5000000,6000000\n"
                .write(toFile: "\(root)/\(trial)_labels.csv", atomically: true, encoding: .utf8)
            try "\(trial).aedat\n".write(toFile: "\(root)/trials_to_\(split).txt", atomically: true, encoding: .utf8)
        }
        let catalog = try DVSGestureCatalog(root: root)
        #expect(catalog.samples.count == 8)
        let out = root + ".h5"
        let report = try await Preprocessor.run(PreprocessRequest(
            datasetName: "dvsgesture", samples: catalog.samples, sensor: .dvs128, binning: Self.binning, output: out,
            workers: 2, createdBy: "tests"))
        #expect(report.writtenSamples == 8 && report.events == 2 * (1000 + 1000 + 500) && report.emptySamples == 2)
        let cache = try CacheReader(path: out)
        #expect(cache.labels == [2, 4, 2, 3, 2, 4, 2, 3])
        #expect(cache.splits == [.train, .train, .train, .train, .test, .test, .test, .test])
        #expect(cache.geometry == FrameGeometry(channels: 2, height: 128, width: 128))
        let window = events.slice(500..<1500)
        #expect(try cache.frames(at: 1) == Self.binning.frames(window, sensor: .dvs128))
    }

    @Test("CIFAR10-DVS layout: stratified split recorded, real AEDAT 2.0 recordings binned",
          .enabled(if: SharedSamples.available, SharedSamples.skipReason))
    func cifar() async throws {
        let root = try RepoPaths.temporaryDirectory("spikestream-cifar") + "/CIFAR10-DVS"
        let sources = SharedSamples.files(in: "mnist-dvs-aedat2", extensions: ["aedat"])
        for name in CIFAR10DVSCatalog.classNames {
            try FileManager.default.createDirectory(atPath: "\(root)/\(name)", withIntermediateDirectories: true)
            for (i, source) in sources.enumerated() {
                try FileManager.default.copyItem(atPath: SharedSamples.path(source),
                                                 toPath: "\(root)/\(name)/cifar10_\(name)_\(i).aedat")
            }
        }
        let split = try StratifiedSplit(trainRatio: 2.0 / 3.0, seed: 1)
        let catalog = try CIFAR10DVSCatalog(root: root, split: split)
        #expect(catalog.samples.count == 30)
        #expect(catalog.samples(in: .train).count == 20 && catalog.samples(in: .test).count == 10)
        let out = root + ".h5"
        _ = try await Preprocessor.run(PreprocessRequest(
            datasetName: "cifar10dvs", samples: catalog.samples, sensor: .dvs128, binning: Self.binning, output: out,
            workers: 2, createdBy: "tests", extraAttributes: ["split_rule": "stratified \(split)"]))
        let cache = try CacheReader(path: out)
        #expect(cache.count == 30 && cache.attributes["split_rule"] == "stratified \(split)")
        let first = catalog.samples[0]
        let decoded = try AEDAT2Reader(path: first.source.path).readAll()
        #expect(try cache.frames(at: 0) == Self.binning.frames(decoded, sensor: .dvs128))
        #expect(try cache.frames(at: 0).total == Double(decoded.count))
    }
}
