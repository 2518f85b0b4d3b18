import CHDF5
import Foundation
@testable import SpikeCache
import SpikeEvents
import SpikeTestSupport
import Testing

@Suite("Merging shard caches")
struct CacheMergeTests {
    static let fullKey = String(repeating: "f0", count: 32)
    /// 10 samples in 3 shards: [0, 3), [3, 6), [6, 10), as `preprocess --shard k/3` cuts them.
    static let blocks = [0..<3, 3..<6, 6..<10]

    /// Writes the single-run reference cache and its three shards into `dir`; returns the shard paths.
    static func writeShards(_ dtype: FrameDType, fixedT: Int?, in dir: String,
                            fullKey: String = fullKey) async throws -> (reference: String, shards: [String]) {
        let items = CacheFixtures.items(dtype, count: 10, fixedT: fixedT)
        var config = CacheFixtures.configuration(path: dir + "/single.h5", dtype: dtype, fixedT: fixedT)
        config.cacheKey = fullKey
        let reference = try await CacheFixtures.write(items, config)
        var shards: [String] = []
        for (k, block) in blocks.enumerated() {
            var shard = config
            shard.path = dir + "/shards/part\(k).h5"
            shard.cacheKey = try CacheKey(shard: "\(k)/3", of: fullKey).hex
            shard.extraAttributes[CacheLayout.Attribute.shard] = "\(k)/3"
            shard.extraAttributes[CacheLayout.Attribute.fullCacheKey] = fullKey
            shards.append(try await CacheFixtures.write(Array(items[block]), shard))
        }
        return (reference, shards)
    }

    static func directory(_ name: String) throws -> String {
        let dir = try RepoPaths.temporaryDirectory(name)
        try FileManager.default.createDirectory(atPath: dir + "/shards", withIntermediateDirectories: true)
        return dir
    }

    @Test("a merged cache, virtual or copied, holds exactly the single-run contents, key and attributes",
          arguments: [(FrameDType.uint8, 3), (.uint16, nil), (.float32, 2)] as [(FrameDType, Int?)],
          CacheMergeMode.allCases)
    func mergedEqualsSingleRun(layout: (dtype: FrameDType, fixedT: Int?), mode: CacheMergeMode) async throws {
        let (dtype, fixedT) = layout
        let dir = try Self.directory("cache-merge")
        let (reference, shards) = try await Self.writeShards(dtype, fixedT: fixedT, in: dir)
        var progress: [[Int]] = []
        let report = try CacheMerger.merge(shards: shards.reversed(), into: dir + "/merged.h5", mode: mode,
                                           createdBy: "merge-tests") { done, total in progress.append([done, total]) }
        #expect(report.cacheKey == Self.fullKey && report.shards == 3 && report.samples == 10)
        #expect(progress == [[3, 10], [6, 10], [10, 10]])
        let single = try CacheReader(path: reference)
        let merged = try CacheReader(path: report.output, expectedKey: Self.fullKey)
        #expect(try merged.contentDigest() == single.contentDigest())
        #expect(merged.frameOffsets == single.frameOffsets && merged.sampleIDs == single.sampleIDs)
        #expect(merged.attributes.filter { $0.key != "created_by" } == single.attributes.filter { $0.key != "created_by" })
        #expect(merged.attributes["created_by"] == "merge-tests")
        // Virtual /frames is read through H5Dread; copied chunks keep the direct chunk path.
        #expect(merged.usesDirectChunkReads == (mode == .copy))
        #expect(!FileManager.default.fileExists(atPath: report.output + CacheLayout.partialSuffix))
    }

    @Test("a virtual merge moves with its shards (relative paths) and refuses to open without them")
    func virtualMergeMovesWithShards() async throws {
        let dir = try Self.directory("cache-merge-move")
        let (reference, shards) = try await Self.writeShards(.uint8, fixedT: 3, in: dir)
        _ = try CacheMerger.merge(shards: shards, into: dir + "/merged.h5", mode: .virtual, createdBy: "t")
        let moved = try RepoPaths.temporaryDirectory("cache-merge-moved") + "/folder"
        try FileManager.default.moveItem(atPath: dir, toPath: moved)
        let digest = try CacheReader(path: moved + "/single.h5").contentDigest()
        #expect(try CacheReader(path: moved + "/merged.h5").contentDigest() == digest)
        #expect(reference.hasPrefix(dir))
        try FileManager.default.removeItem(atPath: moved + "/shards/part1.h5")
        #expect(throws: CacheError.virtualSourceMissing(path: moved + "/merged.h5", source: moved + "/shards/part1.h5")) {
            try CacheReader(path: moved + "/merged.h5")
        }
    }

    @Test("shards with /events: both modes concatenate every event dataset and shift /events/offsets",
          arguments: CacheMergeMode.allCases)
    func eventsAreCarried(mode: CacheMergeMode) async throws {
        let dir = try Self.directory("cache-merge-events")
        let (_, shards) = try await Self.writeShards(.uint8, fixedT: 3, in: dir)
        for (shard, block) in zip(shards, Self.blocks) { try Self.addEvents(to: shard, samples: block) }
        let out = try CacheMerger.merge(shards: shards, into: dir + "/merged.h5", mode: mode, createdBy: "t").output
        // Sample i has i % 4 + 1 events: t = 100·i + j, x = i, y = j, p = (i + j) % 2.
        let counts = (0..<10).map { $0 % 4 + 1 }
        let events = (0..<10).flatMap { i in (0..<counts[i]).map { j in (i, j) } }
        try HDF5Library.locked { () throws(CacheError) in
            let dataset = { (name: String) throws(CacheError) in try HDF5Dataset(readOnly: "events/" + name, inFile: out) }
            #expect(try dataset("t").readAll(Int64(0), memType: ss_H5T_NATIVE_INT64()) == events.map { Int64(100 * $0.0 + $0.1) })
            #expect(try dataset("x").readAll(UInt16(0), memType: ss_H5T_NATIVE_UINT16()) == events.map { UInt16($0.0) })
            #expect(try dataset("y").readAll(UInt16(0), memType: ss_H5T_NATIVE_UINT16()) == events.map { UInt16($0.1) })
            #expect(try dataset("p").readAll(UInt8(0), memType: ss_H5T_NATIVE_UINT8()) == events.map { UInt8(($0.0 + $0.1) % 2) })
            #expect(try dataset("offsets").readAll(Int64(0), memType: ss_H5T_NATIVE_INT64())
                    == [0] + counts.indices.map { i in Int64(counts[...i].reduce(0, +)) })
        }
        // The merged cache reads back through CacheReader: sensor carried, sample 5's events (t = 500 + j, x = 5, y = j).
        let reader = try CacheReader(path: out)
        #expect(reader.eventSensor == SensorSize(width: 16, height: 4, polarities: 2))
        let sample5 = try reader.events(at: 5)
        #expect(Array(sample5.t) == [500, 501] && Array(sample5.x) == [5, 5] && Array(sample5.y) == [0, 1])
    }

    /// Adds an `/events` group to a finished shard holding the events of samples `block` (see `eventsAreCarried`).
    static func addEvents(to path: String, samples block: Range<Int>) throws {
        let pairs = block.flatMap { i in (0..<(i % 4 + 1)).map { j in (i, j) } }
        var offsets: [Int64] = [0]
        for i in block { offsets.append(offsets.last! + Int64(i % 4 + 1)) }
        try HDF5Library.locked { () throws(CacheError) in
            let file = try HDF5Handle(H5Fopen(path, ss_H5F_ACC_RDWR(), ss_H5P_DEFAULT()), closer: H5Fclose, path: path,
                                      operation: "open")
            let group = try HDF5Handle(H5Gcreate2(file.id, "events", ss_H5P_DEFAULT(), ss_H5P_DEFAULT(), ss_H5P_DEFAULT()),
                                       closer: H5Gclose, path: path, operation: "create /events")
            let attributes = HDF5Attributes(object: group.id, path: path)
            for (name, value) in [("sensor_width", 16), ("sensor_height", 4), ("sensor_polarities", 2)] {
                try attributes.write(name, int64: Int64(value))
            }
            func add<T: BitwiseCopyable>(_ name: String, _ values: [T], fileType: hid_t, memType: hid_t) throws(CacheError) {
                let dataset = try HDF5Dataset(createIn: file.id, name: "events/" + name, path: path, fileType: fileType,
                                              dims: [values.count], chunk: [4], zstdLevel: 3)
                try dataset.write(rows: 0, count: values.count, memType: memType, buffer: values)
            }
            try add("t", pairs.map { Int64(100 * $0.0 + $0.1) }, fileType: ss_H5T_STD_I64LE(), memType: ss_H5T_NATIVE_INT64())
            try add("x", pairs.map { UInt16($0.0) }, fileType: ss_H5T_STD_U16LE(), memType: ss_H5T_NATIVE_UINT16())
            try add("y", pairs.map { UInt16($0.1) }, fileType: ss_H5T_STD_U16LE(), memType: ss_H5T_NATIVE_UINT16())
            try add("p", pairs.map { UInt8(($0.0 + $0.1) % 2) }, fileType: ss_H5T_STD_U8LE(), memType: ss_H5T_NATIVE_UINT8())
            try add("offsets", offsets, fileType: ss_H5T_STD_I64LE(), memType: ss_H5T_NATIVE_INT64())
        }
    }

    @Test("incomplete sets, mixed runs, non-shards and an existing output are refused with what to do")
    func refusals() async throws {
        let dir = try Self.directory("cache-merge-refuse")
        let (reference, shards) = try await Self.writeShards(.uint16, fixedT: nil, in: dir)
        let other = try Self.directory("cache-merge-other")
        let (_, otherShards) = try await Self.writeShards(.uint16, fixedT: nil, in: other, fullKey: String(repeating: "e1", count: 32))
        let out = dir + "/merged.h5"
        func reason(_ paths: [String], overwrite: Bool = false) -> String? {
            do {
                _ = try CacheMerger.merge(shards: paths, into: out, mode: .copy, createdBy: "t", overwrite: overwrite)
                return nil
            } catch {
                guard case .mergeRefused(let reason) = error else { return "unexpected \(error)" }
                return reason
            }
        }
        #expect(reason([shards[0], shards[2]])?.contains("shard 1/3 missing") == true)
        #expect(reason(shards + [shards[1]])?.contains("shard 1/3 is given twice") == true)
        #expect(reason([shards[0], shards[1], otherShards[2]])?.contains("2 different caches") == true)
        #expect(reason([reference])?.contains("is not a shard") == true)
        #expect(!FileManager.default.fileExists(atPath: out) && !FileManager.default.fileExists(atPath: out + ".partial"))
        #expect(reason(shards) == nil)
        #expect(reason(shards)?.contains("exists") == true)
        #expect(reason(shards, overwrite: true) == nil)
    }

    @Test("offsets of consecutive shards are shifted past the rows before them")
    func shiftedOffsets() {
        #expect(CacheMerger.shiftedOffsets([[0, 2, 5], [0, 1], [0, 3, 3]]) == [0, 2, 5, 6, 9, 9])
    }

    @Test("virtual sources are stored relative to the merged file's folder")
    func relativePaths() {
        let folder = URL(fileURLWithPath: "/data/run")
        #expect(RowConcatenation.relativePath(of: "/data/run/shard0.h5", from: folder) == "shard0.h5")
        #expect(RowConcatenation.relativePath(of: "/data/run/shards/s.h5", from: folder) == "shards/s.h5")
        #expect(RowConcatenation.relativePath(of: "/data/other/s.h5", from: folder) == "../other/s.h5")
    }
}
