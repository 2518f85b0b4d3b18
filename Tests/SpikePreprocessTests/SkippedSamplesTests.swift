import Foundation
import SpikeCache
import SpikeEvents
import SpikePreprocess
import SpikeTestSupport
import Testing

/// `--on-error skip` (issue 19 item 7): the samples left out stay listed in the cache, through resumes and merges.
@Suite("Skipped samples are kept in the cache")
struct SkippedSamplesTests {
    @Test("a skipped file is listed in skipped_samples (id, path, reason), read back, and a clean cache lists none")
    func listedInCache() async throws {
        let (root, samples) = try await PreprocessTests.dataset()
        let bad = samples[17]
        try PreprocessTests.corrupt(bad.source.path)
        let report = try await Preprocessor.run(PreprocessTests.request(samples, out: root + "-skip.h5", policy: .skip))
        let reader = try CacheReader(path: root + "-skip.h5")
        #expect(reader.skippedSamples.map(\.id) == [bad.id])
        #expect(reader.skippedSamples.map(\.path) == [bad.source.path])
        #expect(reader.skippedSamples[0].reason == report.failures[0].reason)
        #expect(reader.skippedSamples[0].reason.contains("byte offset 0"))
        #expect(reader.count == samples.count - 1)

        let clean = try await Preprocessor.run(PreprocessTests.request(Array(samples.prefix(17)), out: root + "-clean.h5"))
        #expect(try CacheReader(path: clean.output).skippedSamples.isEmpty)
        #expect(try CacheReader(path: clean.output).attributes["skipped_samples"] == "[]")
    }

    @Test("inspect shows the skipped samples, h5py reads them with json.loads",
          .enabled(if: SpikeStreamCLI.path != nil, "SKIPPED: no spikestream executable (swift build first)"))
    func inspectAndH5py() async throws {
        let (root, samples) = try await PreprocessTests.dataset(trainPerClass: 1, testPerClass: 1)
        let bad = samples[3]
        try PreprocessTests.corrupt(bad.source.path)
        let out = root + "-skip.h5"
        _ = try await Preprocessor.run(PreprocessTests.request(samples, out: out, policy: .skip))
        let inspect = try SpikeStreamCLI.run(["inspect", out])
        #expect(inspect.status == 0, "\(inspect.output)")
        let lines = inspect.output.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("skipped:") })
        #expect(lines[header] == "skipped:   1 samples left out by preprocess --on-error skip:")
        #expect(lines[header + 1].hasPrefix("  \(bad.id) (\(bad.source.path)): "))
        #expect(lines[header + 1].contains("byte offset 0"))
        #expect(!lines.contains { $0.hasPrefix("  skipped_samples =") })  // not repeated as a raw attribute

        guard H5py.available else { return }
        let script = "import h5py, json, sys; f = h5py.File(sys.argv[1], 'r'); "
            + "print(json.dumps([[s['id'], s['path']] for s in json.loads(f.attrs['skipped_samples'])]))"
        let result = try H5py.run(["-c", script, out])
        #expect(result.status == 0, "\(result.output)")
        let listed = try JSONDecoder().decode([[String]].self, from: Data(result.output.utf8))
        #expect(listed == [[bad.id, bad.source.path]])
    }

    @Test("merged shards list every shard's skipped samples, in shard order (virtual and copy)")
    func keptAcrossMerge() async throws {
        let (root, samples) = try await PreprocessTests.dataset(trainPerClass: 2, testPerClass: 1)
        let dir = (root as NSString).deletingLastPathComponent
        let bad = [samples[2], samples[25]]
        for sample in bad { try PreprocessTests.corrupt(sample.source.path) }
        var shards: [String] = []
        for k in 0..<3 {
            var request = PreprocessTests.request(samples, out: dir + "/shard\(k).h5", workers: 1, policy: .skip)
            request.shard = try Shard(index: k, count: 3)
            shards.append(try await Preprocessor.run(request).output)
        }
        #expect(try shards.map { try CacheReader(path: $0).skippedSamples.map(\.id) } == [[bad[0].id], [], [bad[1].id]])
        let single = try await Preprocessor.run(PreprocessTests.request(samples, out: dir + "/single.h5", policy: .skip))
        for mode in CacheMergeMode.allCases {
            let merged = try CacheMerger.merge(shards: shards, into: dir + "/merged-\(mode).h5", mode: mode, createdBy: "tests")
            let reader = try CacheReader(path: merged.output)
            #expect(reader.skippedSamples.map(\.id) == bad.map(\.id))
            #expect(reader.skippedSamples == (try CacheReader(path: single.output).skippedSamples))
            #expect(try reader.contentDigest() == CacheReader(path: single.output).contentDigest())
        }
    }
}
