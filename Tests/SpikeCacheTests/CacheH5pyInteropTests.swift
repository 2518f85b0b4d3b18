import Foundation
import SpikeCache
import SpikeEvents
import SpikeTestSupport
import Testing

@Suite("Cache interop with h5py + hdf5plugin")
struct CacheH5pyInteropTests {
    struct Expected: Encodable {
        let count: Int
        let dtype: String
        let geometry: [Int]
        let frames_per_chunk: Int
        let attrs: [String: String]
        let labels: [Int32]
        let splits: [UInt8]
        let sample_ids: [String]
        let frame_offsets: [Int64]
        let frames: [[Double]]
        let skipped_samples: [SkippedSample]
    }

    @Test("h5py reads our cache: shapes, dtypes, attrs, values", .enabled(if: H5py.available, H5py.skipReason),
          arguments: [(FrameDType.uint16, nil), (.float32, 3), (.uint8, nil)] as [(FrameDType, Int?)])
    func h5pyReadsOurs(dtype: FrameDType, fixedT: Int?) async throws {
        let dir = try RepoPaths.temporaryDirectory("cache-h5py-read")
        var items = CacheFixtures.items(dtype, count: 6, fixedT: fixedT)
        items[1] = .init(id: "unicode/naïve ☃.bin", label: 9, split: .validation, frames: items[1].frames)
        let config = CacheFixtures.configuration(path: dir + "/ours.h5", dtype: dtype, fixedT: fixedT)
        let skipped = [SkippedSample(id: "bad/ünï.bin", path: "/data/bad/ünï.bin", reason: "record 3 at byte offset 15: x 40 ≥ 34"),
                       SkippedSample(id: "empty.bin", path: "/data/empty.bin", reason: "the file is empty (0 bytes)")]
        let writer = try await CacheWriter.open(config)
        try await writer.recordSkipped(skipped)
        try await CacheFixtures.append(items, to: writer)
        let path = try await writer.finish()
        var offsets: [Int64] = [0]
        for item in items { offsets.append(offsets.last! + Int64(item.frames.shape.timeSteps)) }
        let g = CacheFixtures.geometry
        let expected = Expected(
            count: items.count, dtype: dtype.rawValue, geometry: [g.channels, g.height, g.width],
            frames_per_chunk: config.framesPerChunk,
            attrs: ["format": "spikestream-cache", "format_version": "1", "dataset": config.dataset,
                    "transform": config.transformJSON, "cache_key": config.cacheKey, "complete": "1",
                    "created_by": config.createdBy, "orientation": "x=column,y=row,p=1 ON"],
            labels: items.map { Int32($0.label) }, splits: items.map(\.split.rawValue), sample_ids: items.map(\.id),
            frame_offsets: offsets,
            frames: items.map { item in (0..<item.frames.storage.count).map { item.frames.storage[$0] } },
            skipped_samples: skipped)
        let json = dir + "/expected.json"
        try JSONEncoder().encode(expected).write(to: URL(fileURLWithPath: json))
        let result = try H5py.run([H5py.script("h5py_check_cache.py"), path, json])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("OK"))
    }

    @Test("we read an h5py + hdf5plugin.Zstd() file whose chunks do not align with samples",
          .enabled(if: H5py.available, H5py.skipReason), arguments: ["whole-frames", "split-frames"])
    func weReadH5py(mode: String) throws {
        let dir = try RepoPaths.temporaryDirectory("cache-h5py-write")
        let path = dir + "/theirs.h5"
        let result = try H5py.run([H5py.script("h5py_write_zstd.py"), path, mode])
        try #require(result.status == 0, "\(result.output)")

        let reader = try CacheReader(path: path, expectedKey: String(repeating: "ab", count: 32))
        #expect(reader.usesDirectChunkReads == (mode == "whole-frames"))
        #expect(reader.count == 4)
        #expect(reader.dtype == .uint16)
        #expect(reader.geometry == FrameGeometry(channels: 2, height: 3, width: 4))
        #expect(reader.labels == [7, 1, 0, 3])
        #expect(reader.splits == [.train, .test, .validation, .train])
        #expect(reader.sampleIDs == ["a/0.bin", "b/1.bin", "c/é.bin", "d/3.bin#0-100"])
        #expect(reader.frameOffsets == [0, 3, 8, 10, 14])
        #expect(reader.attributes["complete"] == "1")  // h5py's bool enum
        #expect(reader.attributes["format_version"] == "1")
        #expect(reader.attributes["created_by"] == "h5py_write_zstd.py")
        // Random order, so chunks shared by neighbouring samples are fetched independently.
        for i in [2, 0, 3, 1] {
            let frames = try reader.frames(at: i)
            let first = Int(reader.frameOffsets[i])
            #expect(frames.shape == FrameShape(timeSteps: Int(reader.frameOffsets[i + 1]) - first, channels: 2, height: 3, width: 4))
            var mismatches = 0
            for t in 0..<frames.shape.timeSteps {
                for c in 0..<2 {
                    for y in 0..<3 {
                        for x in 0..<4 {
                            let r = first + t
                            let value = (r + c + y + x) % 3 == 0 ? (r * 31 + c * 7 + y * 5 + x * 3) % 50 * 1000 : 0
                            if frames[t, c, y, x] != Double(value) { mismatches += 1 }
                        }
                    }
                }
            }
            #expect(mismatches == 0, "sample \(i)")
        }
    }
}
