import Foundation
import SpikeCache
import SpikeEvents
import SpikePreprocess
import SpikeTestSupport
import Testing

@Suite("Sharded preprocess and merge")
struct ShardPreprocessTests {
    @Test("k/n parses to contiguous blocks that tile the sample list; bad values say how to write them")
    func shardBlocks() throws {
        let blocks = try (0..<3).map { try Shard(parsing: "\($0)/3").range(of: 10) }
        #expect(blocks == [0..<3, 3..<6, 6..<10])
        #expect(try Shard(parsing: "7/8").range(of: 8) == 7..<8)
        #expect(throws: ShardError.outOfRange(index: 3, count: 3)) { try Shard(parsing: "3/3") }
        #expect(throws: ShardError.outOfRange(index: -1, count: 2)) { try Shard(parsing: "-1/2") }
        #expect(throws: ShardError.outOfRange(index: 0, count: 0)) { try Shard(parsing: "0/0") }
        #expect(throws: ShardError.unparsable("2")) { try Shard(parsing: "2") }
        #expect(throws: ShardError.unparsable("a/b")) { try Shard(parsing: "a/b") }
    }

    /// Preprocesses `samples` in one run and in 3 shards (each shard with `workers`), into `dir`.
    static func singleAndShards(_ samples: [Sample], in dir: String) async throws -> (single: PreprocessReport, shards: [PreprocessReport]) {
        let single = try await Preprocessor.run(PreprocessTests.request(samples, out: dir + "/single.h5"))
        var shards: [PreprocessReport] = []
        for k in 0..<3 {
            var request = PreprocessTests.request(samples, out: dir + "/shard\(k).h5", workers: 1)
            request.shard = try Shard(index: k, count: 3)
            shards.append(try await Preprocessor.run(request))
        }
        return (single, shards)
    }

    @Test("three shards merged (virtual and copy) equal the single run: digest, key, attributes")
    func shardsMergeToSingleRun() async throws {
        let (root, samples) = try await PreprocessTests.dataset(trainPerClass: 2, testPerClass: 1)
        let dir = (root as NSString).deletingLastPathComponent
        let (single, shards) = try await Self.singleAndShards(samples, in: dir)
        #expect(shards.map(\.writtenSamples) == [10, 10, 10])
        let first = try CacheReader(path: shards[1].output)
        #expect(first.sampleIDs == samples[10..<20].map(\.id))
        #expect(first.attributes["shard"] == "1/3" && first.attributes["full_cache_key"] == single.cacheKey)
        #expect(first.cacheKey == shards[1].cacheKey && shards[1].cacheKey != single.cacheKey)
        let reference = try CacheReader(path: single.output)
        for mode in CacheMergeMode.allCases {
            let merged = try CacheMerger.merge(shards: shards.map(\.output), into: dir + "/merged-\(mode).h5", mode: mode,
                                               createdBy: "tests")
            #expect(merged.cacheKey == single.cacheKey)
            let reader = try CacheReader(path: merged.output, expectedKey: single.cacheKey)
            #expect(try reader.contentDigest() == reference.contentDigest())
            #expect(reader.attributes == reference.attributes)  // both written by "tests"
        }
    }

    @Test("h5py + hdf5plugin read merged caches (virtual and copy) exactly like the single-run cache",
          .enabled(if: ProcessInfo.processInfo.environment["SPIKESTREAM_PYTHON"] != nil && H5py.available,
                   "SKIPPED: set SPIKESTREAM_PYTHON to a Python with h5py + hdf5plugin: merged-cache interop did not run"))
    func h5pyReadsMergedLikeSingle() async throws {
        let (root, samples) = try await PreprocessTests.dataset(trainPerClass: 1, testPerClass: 1)
        let dir = (root as NSString).deletingLastPathComponent
        let (single, shards) = try await Self.singleAndShards(samples, in: dir)
        for mode in CacheMergeMode.allCases {
            let merged = try CacheMerger.merge(shards: shards.map(\.output), into: dir + "/merged-\(mode).h5", mode: mode,
                                               createdBy: "merge")
            let result = try H5py.run([H5py.script("h5py_compare_caches.py"), single.output, merged.output])
            #expect(result.status == 0 && result.output.contains("OK"), "\(mode): \(result.output)")
            #expect(result.output.contains("virtual=\(mode == .virtual ? "True" : "False")"))
        }
    }

    @Test("a finished shard is up to date on rerun, and more shards than samples is refused")
    func shardRerunAndTooManyShards() async throws {
        let (root, samples) = try await PreprocessTests.dataset(trainPerClass: 1, testPerClass: 0)
        var request = PreprocessTests.request(samples, out: root + ".shard.h5")
        request.shard = try Shard(index: 2, count: 4)
        let first = try await Preprocessor.run(request)
        #expect(first.writtenSamples == 2)  // samples 5..<7 of 10 (10·2/4 ..< 10·3/4)
        #expect(try CacheReader(path: first.output).sampleIDs == samples[5..<7].map(\.id))
        let again = try await Preprocessor.run(request)
        #expect(again.openStatus == nil && again.cacheKey == first.cacheKey)
        request.shard = try Shard(index: 0, count: 11)
        await #expect(throws: ShardError.moreShardsThanSamples(count: 11, samples: 10)) {
            try await Preprocessor.run(request)
        }
    }
}
