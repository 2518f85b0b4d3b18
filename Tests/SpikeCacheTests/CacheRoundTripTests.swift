import Foundation
import SpikeCache
import SpikeEvents
import SpikeTestSupport
import Testing

@Suite("Cache write/read round trip and open errors")
struct CacheRoundTripTests {
    @Test("every dtype, fixed and varying T, reads back exactly",
          arguments: FrameDType.allCases, [4, nil] as [Int?])
    func roundTrip(dtype: FrameDType, fixedT: Int?) async throws {
        let dir = try RepoPaths.temporaryDirectory("cache-roundtrip")
        let items = CacheFixtures.items(dtype, count: 11, fixedT: fixedT)
        let config = CacheFixtures.configuration(path: dir + "/c.h5", dtype: dtype, fixedT: fixedT)
        let path = try await CacheFixtures.write(items, config)
        #expect(path == dir + "/c.h5")
        #expect(!FileManager.default.fileExists(atPath: config.partialPath))

        let reader = try CacheReader(path: path, expectedKey: config.cacheKey)
        #expect(reader.count == 11)
        #expect(reader.dtype == dtype)
        #expect(reader.geometry == CacheFixtures.geometry)
        #expect(reader.usesDirectChunkReads)
        #expect(reader.labels == items.map { Int32($0.label) })
        #expect(reader.splits == items.map(\.split))
        #expect(reader.sampleIDs == items.map(\.id))
        var offsets: [Int64] = [0]
        for item in items { offsets.append(offsets.last! + Int64(item.frames.shape.timeSteps)) }
        #expect(reader.frameOffsets == offsets)
        for (i, item) in items.enumerated() {
            #expect(try reader.frames(at: i) == item.frames, "sample \(i)")
        }
        #expect(reader.attributes["format"] == "spikestream-cache")
        #expect(reader.attributes["format_version"] == "1")
        #expect(reader.attributes["complete"] == "1")
        #expect(reader.attributes["dataset"] == "fixture-dataset")
        #expect(reader.attributes["transform"] == #"[{"crop":{"width":5}}]"#)
        #expect(reader.attributes["created_by"] == "spikestream-tests 0.1")
        #expect(reader.attributes["orientation"] == "x=column,y=row,p=1 ON")
        #expect(reader.cacheKey == config.cacheKey)
        #expect(throws: CacheError.indexOutOfRange(path: path, index: 11, count: 11)) { try reader.frames(at: 11) }
    }

    @Test("parallel random reads from many tasks return the right samples")
    func parallelReads() async throws {
        let dir = try RepoPaths.temporaryDirectory("cache-parallel")
        let items = CacheFixtures.items(.uint8, count: 40, fixedT: 3)
        let path = try await CacheFixtures.write(items, CacheFixtures.configuration(path: dir + "/p.h5", dtype: .uint8, fixedT: 3))
        let reader = try CacheReader(path: path)
        let mismatches = try await withThrowingTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var bad = 0
                    for step in 0..<200 {
                        let i = (task * 37 + step * 11) % items.count
                        if try reader.frames(at: i) != items[i].frames { bad += 1 }
                    }
                    return bad
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }

    @Test("a missing file is fileMissing")
    func missing() throws {
        #expect(throws: CacheError.fileMissing(path: "/nonexistent/x.h5")) { try CacheReader(path: "/nonexistent/x.h5") }
    }

    @Test("a different expected key is keyMismatch naming both keys")
    func keyMismatch() async throws {
        let dir = try RepoPaths.temporaryDirectory("cache-key")
        let config = CacheFixtures.configuration(path: dir + "/k.h5", dtype: .uint8, fixedT: 2)
        let path = try await CacheFixtures.write(CacheFixtures.items(.uint8, count: 2, fixedT: 2), config)
        let other = String(repeating: "b2", count: 32)
        #expect(throws: CacheError.keyMismatch(path: path, expected: other, found: config.cacheKey)) {
            try CacheReader(path: path, expectedKey: other)
        }
    }

    @Test("a file whose writer never finished is incomplete")
    func incomplete() async throws {
        let dir = try RepoPaths.temporaryDirectory("cache-incomplete")
        let config = CacheFixtures.configuration(path: dir + "/i.h5", dtype: .uint8, fixedT: nil)
        do {
            let writer = try await CacheWriter.open(config)
            for item in CacheFixtures.items(.uint8, count: 3, fixedT: nil) {
                try await writer.append(writer.encode(id: item.id, label: item.label, split: item.split, frames: item.frames))
            }
            try await writer.commit()
        }
        #expect(!FileManager.default.fileExists(atPath: config.path))
        #expect(throws: CacheError.incomplete(path: config.partialPath)) { try CacheReader(path: config.partialPath) }
        #expect(CacheError.incomplete(path: "x").description.contains("resume"))
    }

    @Test("a file that is not HDF5 is a malformed-cache error")
    func notHDF5() throws {
        let dir = try RepoPaths.temporaryDirectory("cache-garbage")
        let path = dir + "/g.h5"
        try Data("this is not an HDF5 file".utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            try CacheReader(path: path)
        } throws: { error in
            guard case CacheError.malformed(let p, let reason) = error else { return false }
            return p == path && reason.contains("cannot open it as HDF5")
        }
    }

    @Test("samples that do not fit the writer's settings are refused")
    func invalidSamples() async throws {
        let dir = try RepoPaths.temporaryDirectory("cache-invalid")
        let writer = try await CacheWriter.open(CacheFixtures.configuration(path: dir + "/v.h5", dtype: .uint8, fixedT: 4))
        let wrongT = try EncodedSample(id: "t3", label: 0, split: .train,
                                       frames: CacheFixtures.frames(.uint8, timeSteps: 3, seed: 0), framesPerChunk: 1)
        await #expect(throws: CacheError.self) { try await writer.append(wrongT) }
        let wrongType = try EncodedSample(id: "u16", label: 0, split: .train,
                                          frames: CacheFixtures.frames(.uint16, timeSteps: 4, seed: 0), framesPerChunk: 4)
        await #expect(throws: CacheError.self) { try await writer.append(wrongType) }
        #expect(throws: CacheError.self) {
            try EncodedSample(id: "odd", label: 0, split: .train, frames: CacheFixtures.frames(.uint8, timeSteps: 3, seed: 0),
                              framesPerChunk: 2)
        }
        #expect(await writer.appendedCount == 0)
        var reserved = CacheFixtures.configuration(path: dir + "/r.h5", dtype: .uint8, fixedT: 1)
        reserved.extraAttributes = ["cache_key": "x"]
        await #expect(throws: CacheError.self) { try await CacheWriter.open(reserved) }
    }
}
