import Foundation
import SpikeCache
import SpikeEvents
import SpikeTestSupport
import Testing

/// `/sample_ids` is read from the global heap by our own checked parser (libhdf5 1.10's own reader hangs or
/// overruns on damaged collections): ids of every length round-trip, and damage is a typed `malformed` error.
@Suite("Cache sample ids through the checked global-heap reader")
struct CacheGlobalHeapTests {
    @Test("2,500 ids over three chunks round-trip: empty, long, non-ASCII")
    func manyIDsRoundTrip() async throws {
        let dir = try RepoPaths.temporaryDirectory("cache-heap-ids")
        let frames = CacheFixtures.frames(.uint8, timeSteps: 1, seed: 0)
        let items = (0..<2_500).map { i in
            CacheFixtures.Item(id: i == 7 ? "" : "d\(i % 4)/ø-\(String(repeating: "x", count: i % 97))-\(i).bin",
                               label: i % 10, split: .train, frames: frames)
        }
        let path = try await CacheFixtures.write(items, CacheFixtures.configuration(path: dir + "/ids.h5", dtype: .uint8,
                                                                                     fixedT: 1, commitEvery: 600))
        let reader = try CacheReader(path: path)
        #expect(reader.sampleIDs == items.map(\.id))
    }

    /// Writes a small cache and returns its bytes and where the stored id `marker` begins.
    private func cacheBytes(_ name: String) async throws -> (path: String, bytes: [UInt8], marker: Int) {
        let dir = try RepoPaths.temporaryDirectory("cache-heap-\(name)")
        let items = CacheFixtures.items(.uint8, count: 3, fixedT: 2)
        let path = try await CacheFixtures.write(items, CacheFixtures.configuration(path: dir + "/c.h5", dtype: .uint8, fixedT: 2))
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let marker = try #require(bytes.firstRange(of: Array(items[1].id.utf8))?.lowerBound)
        return (path, bytes, marker)
    }

    private func expectMalformed(_ bytes: [UInt8], at path: String, mentioning phrase: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try CacheReader(path: path)
        } throws: { error in
            guard case .malformed(_, let reason) = error as? CacheError else { return false }
            return reason.contains(phrase)
        }
    }

    @Test("an object size past its collection is refused, not copied")
    func objectOverrun() async throws {
        var (path, bytes, marker) = try await cacheBytes("overrun")
        // The object's header ends with its 8-byte size, right before its data.
        for i in marker - 8..<marker { bytes[i] = 0x7F }
        try expectMalformed(bytes, at: path, mentioning: "overruns its collection")
    }

    @Test("a collection size past the end of the file or a broken signature is refused")
    func damagedCollection() async throws {
        let (path, pristine, _) = try await cacheBytes("collection")
        let collections = pristine.ranges(of: Array("GCOL".utf8)).map(\.lowerBound)
        try #require(!collections.isEmpty)
        for start in collections {
            var bytes = pristine
            for i in start + 8..<start + 16 { bytes[i] = 0x7F }  // collection size
            try expectMalformed(bytes, at: path, mentioning: "global heap")
            bytes = pristine
            bytes[start] = UInt8(ascii: "X")
            try expectMalformed(bytes, at: path, mentioning: "global heap")
        }
    }
}
