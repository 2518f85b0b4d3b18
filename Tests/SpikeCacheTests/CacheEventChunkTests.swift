import Foundation
@testable import SpikeCache
import SpikeEvents
import SpikeTestSupport
import Testing

@Suite("/events chunks compressed before the file opens")
struct CacheEventChunkTests {
    /// Sample `i` has 5 000 + 1 234·i events: 9 samples hold 89 424, across 6 chunks of 16 384.
    static func events(_ i: Int) -> EventChunk {
        let n = 5_000 + 1_234 * i
        return EventChunk(t: (0..<n).map { Int64(i * 1_000_000 + $0) }, x: (0..<n).map { UInt16(($0 * 3 + i) % 5) },
                          y: (0..<n).map { UInt16(($0 + i) % 3) }, p: (0..<n).map { UInt8(($0 / 7 + i) % 2) })
    }

    @Test("commits that end inside a chunk, chunk boundaries and a resume mid-chunk read back exactly")
    func crossChunksAndResume() async throws {
        let path = try RepoPaths.temporaryDirectory("cache-event-chunks") + "/c.h5"
        let items = CacheFixtures.items(.uint8, count: 9, fixedT: nil)
        let config = CacheEventsTests.configuration(path, commitEvery: 2)
        do {
            let writer = try await CacheWriter.open(config)
            try await CacheEventsTests.write(items, range: 0..<5, to: writer, events: Self.events)
            #expect(await writer.committedCount == 4)
        }  // sample 4 never committed; the last chunk holds rows 16 384 ..< 27 404
        let writer = try await CacheWriter.open(config)
        #expect(await writer.openStatus == .resumed(committedCount: 4))
        try await CacheEventsTests.write(items, range: 4..<9, to: writer, events: Self.events)
        try await writer.finish()
        let reader = try CacheReader(path: path)
        #expect(reader.eventOffsets.last == 89_424)
        #expect(reader.eventOffsets[4] == 27_404)
        for i in 0..<9 { #expect(try reader.events(at: i) == Self.events(i)) }
    }

    @Test("the builder keeps only the last chunk's events and numbers chunks from the row it resumes at")
    func builderChunks() throws {
        var builder = EventChunkBuilder(rows: 0, tail: EventChunk(), level: 1)
        #expect(try builder.chunks(appending: Self.events(0)).map(\.index) == [0])
        #expect(try builder.chunks(appending: Self.events(10)).map(\.index) == [0, 1])  // 5 000 + 17 340 rows
        #expect(builder.rows == 22_340)
        #expect(EventChunkBuilder.tailStart(rows: 22_340) == 16_384)
        #expect(try builder.chunks(appending: EventChunk()).isEmpty)
        let chunk = try builder.chunks(appending: Self.events(0))
        #expect(chunk.map(\.index) == [1])
        let t = try Zstd.decompress(chunk[0].columns[0], expectedSize: 16_384 * 8)
        let values = t.withUnsafeBytes { Array($0.bindMemory(to: Int64.self)) }
        #expect(values[0] == 10_000_000 + 16_384 - 5_000 && values[27_340 - 16_384 - 1] == 4_999 && values.last == 0)
    }
}
