import Foundation
import SpikeCache
import SpikeDatasets
import SpikeEvents
import SpikeFormats
import SpikePreprocess
import SpikeTestSupport
import SpikeTransforms
import Testing

@Suite("Preprocess into a cache")
struct PreprocessTests {
    static let binning = FrameBinning(.nTimeBins(8))

    static func dataset(trainPerClass: Int = 2, testPerClass: Int = 1) async throws -> (root: String, samples: [Sample]) {
        let root = try RepoPaths.temporaryDirectory("spikestream-preprocess") + "/nmnist"
        try await SyntheticNMNIST(root: root, configuration: .init(trainPerClass: trainPerClass,
                                                                   testPerClass: testPerClass, seed: 5)).generate()
        return (root, try NMNISTCatalog(root: root, splits: testPerClass > 0 ? [.train, .test] : [.train]).samples)
    }

    static func request(_ samples: [Sample], out: String, binning: FrameBinning = binning, workers: Int = 2,
                        policy: SampleErrorPolicy = .failFast, overwrite: Bool = false) -> PreprocessRequest {
        PreprocessRequest(datasetName: "nmnist", samples: samples, sensor: .nmnist, binning: binning, output: out,
                          workers: workers, errorPolicy: policy, createdBy: "tests", overwrite: overwrite)
    }

    /// Makes the first record of a file an out-of-sensor event without changing the file's size.
    static func corrupt(_ path: String) throws {
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.write(contentsOf: Data([200]))
        try handle.close()
    }

    @Test("every sample lands in catalog order with its label, split and exactly its binned frames")
    func contents() async throws {
        let (root, samples) = try await Self.dataset()
        let out = root + ".h5"
        let report = try await Preprocessor.run(Self.request(samples, out: out))
        #expect(report.writtenSamples == 30 && report.resumedSamples == 0 && report.failures.isEmpty)
        #expect(report.openStatus == .created)
        let cache = try CacheReader(path: out, expectedKey: report.cacheKey)
        #expect(cache.sampleIDs == samples.map(\.id))
        #expect(cache.labels == samples.map { Int32($0.label) })
        #expect(cache.splits == samples.map(\.split))
        #expect(cache.frameOffsets == (0...30).map { Int64($0 * 8) })
        #expect(cache.attributes["dataset"] == "nmnist")
        #expect(cache.attributes["transform"]?.contains("\"mode\":\"nTimeBins\"") == true)
        var events = 0
        for (i, sample) in samples.enumerated() {
            let decoded = try NMNISTReader(path: sample.source.path).readAll()
            events += decoded.count
            #expect(try cache.frames(at: i) == Self.binning.frames(decoded, sensor: .nmnist))
        }
        #expect(report.events == events)
        #expect(!FileManager.default.fileExists(atPath: out + ".partial"))
    }

    @Test("one worker and two workers write identical caches")
    func deterministicAcrossWorkers() async throws {
        let (root, samples) = try await Self.dataset()
        _ = try await Preprocessor.run(Self.request(samples, out: root + "-1.h5", workers: 1))
        _ = try await Preprocessor.run(Self.request(samples, out: root + "-2.h5", workers: 2))
        #expect(try CacheReader(path: root + "-1.h5").contentDigest() == CacheReader(path: root + "-2.h5").contentDigest())
    }

    @Test("a current cache is reused; one built with other parameters is refused unless overwriting")
    func reuseAndMismatch() async throws {
        let (root, samples) = try await Self.dataset(trainPerClass: 1, testPerClass: 0)
        let out = root + ".h5"
        let first = try await Preprocessor.run(Self.request(samples, out: out))
        let again = try await Preprocessor.run(Self.request(samples, out: out))
        #expect(again.openStatus == nil && again.writtenSamples == 0 && again.cacheKey == first.cacheKey)
        let other = FrameBinning(.nTimeBins(4))
        await #expect(throws: PreprocessError.self) {
            try await Preprocessor.run(Self.request(samples, out: out, binning: other))
        }
        #expect(try CacheReader(path: out).cacheKey == first.cacheKey)
        let replaced = try await Preprocessor.run(Self.request(samples, out: out, binning: other, overwrite: true))
        #expect(replaced.cacheKey != first.cacheKey)
        #expect(try CacheReader(path: out, expectedKey: replaced.cacheKey).frameOffsets.last == 40)
    }

    @Test("skip leaves a bad file out and names it; fail stops and keeps committed work for a resume")
    func errorPolicies() async throws {
        let (root, samples) = try await Self.dataset()
        let bad = samples[17]
        let original = try Data(contentsOf: URL(fileURLWithPath: bad.source.path))
        try Self.corrupt(bad.source.path)

        let skipped = try await Preprocessor.run(Self.request(samples, out: root + "-skip.h5", policy: .skip))
        #expect(skipped.failures.map(\.id) == [bad.id])
        #expect(skipped.failures[0].reason.contains("byte offset 0"))
        #expect(try CacheReader(path: root + "-skip.h5").sampleIDs == samples.map(\.id).filter { $0 != bad.id })

        let out = root + "-fail.h5"
        await #expect(throws: PreprocessError.self) {
            try await Preprocessor.run(Self.request(samples, out: out, workers: 1))
        }
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(FileManager.default.fileExists(atPath: out + ".partial"))

        try original.write(to: URL(fileURLWithPath: bad.source.path))
        let resumed = try await Preprocessor.run(Self.request(samples, out: out, workers: 1))
        #expect(resumed.openStatus == .resumed(committedCount: 17))
        #expect(resumed.resumedSamples == 17 && resumed.writtenSamples == 13)
        _ = try await Preprocessor.run(Self.request(samples, out: root + "-clean.h5"))
        #expect(try CacheReader(path: out).contentDigest() == CacheReader(path: root + "-clean.h5").contentDigest())
    }

    @Test("pre-cache transforms run before binning, change the frame geometry and the cache key")
    func transforms() async throws {
        let (root, samples) = try await Self.dataset(trainPerClass: 1, testPerClass: 0)
        let pre = try PreCacheTransforms(specs: ["denoise:filterTime=5000", "centerCrop:size=20,16"])
        var request = Self.request(samples, out: root + "-t.h5")
        request.transforms = pre
        let report = try await Preprocessor.run(request)
        let plain = try await Preprocessor.run(Self.request(samples, out: root + "-p.h5"))
        #expect(report.cacheKey != plain.cacheKey)
        let cache = try CacheReader(path: root + "-t.h5")
        #expect(cache.geometry == FrameGeometry(channels: 2, height: 16, width: 20))
        #expect(cache.attributes["transform"]?.contains("\"type\":\"centerCrop\"") == true)
        let decoded = try NMNISTReader(path: samples[3].source.path).readAll()
        let (events, sensor) = try pre.apply(decoded, sensor: .nmnist)
        #expect(events.count < decoded.count)
        #expect(try cache.frames(at: 3) == Self.binning.frames(events, sensor: sensor))
    }
}
