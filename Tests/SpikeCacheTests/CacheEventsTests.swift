import Foundation
@testable import SpikeCache
import SpikeEvents
import SpikeTestSupport
import Testing

@Suite("Cache /events (stored events for augmentations after the cache)")
struct CacheEventsTests {
    static let sensor = SensorSize(width: 5, height: 3)

    /// Sample `i` has `(i · 7) % 11` events (sample 0 none) whose values depend on `i` and the event index.
    static func events(_ i: Int) -> EventChunk {
        let n = (i * 7) % 11
        return EventChunk(t: (0..<n).map { Int64(i * 1_000 + $0 * 3) }, x: (0..<n).map { UInt16(($0 + i) % 5) },
                          y: (0..<n).map { UInt16(($0 * 2 + i) % 3) }, p: (0..<n).map { UInt8(($0 + i) % 2) })
    }

    static func configuration(_ path: String, commitEvery: Int = 4) -> CacheWriterConfiguration {
        var config = CacheFixtures.configuration(path: path, dtype: .uint8, fixedT: nil, commitEvery: commitEvery)
        config.eventSensor = sensor
        return config
    }

    /// Appends `items[range]`, sample `i` with the events `makeEvents(i)`.
    static func write(_ items: [CacheFixtures.Item], range: Range<Int>, to writer: CacheWriter,
                      events makeEvents: (Int) -> EventChunk = events) async throws {
        for i in range {
            let item = items[i]
            try await writer.append(writer.encode(id: item.id, label: item.label, split: item.split, frames: item.frames,
                                                  events: makeEvents(i)))
        }
    }

    @Test("each sample's events round-trip beside its frames; offsets and sensor are recorded")
    func roundTrip() async throws {
        let path = try RepoPaths.temporaryDirectory("cache-events") + "/e.h5"
        let items = CacheFixtures.items(.uint8, count: 9, fixedT: nil)
        let writer = try await CacheWriter.open(Self.configuration(path))
        try await Self.write(items, range: 0..<9, to: writer)
        try await writer.finish()

        let reader = try CacheReader(path: path)
        #expect(reader.hasEvents && reader.eventSensor == Self.sensor)
        // Counts 0, 7, 3, 10, 6, 2, 9, 5, 1 → running sums.
        #expect(reader.eventOffsets == [0, 0, 7, 10, 20, 26, 28, 37, 42, 43])
        for i in 0..<9 {
            #expect(try reader.events(at: i) == Self.events(i))
            #expect(try reader.frames(at: i) == items[i].frames)
        }
    }

    @Test("a frames-only cache says to re-run preprocess with --store-events")
    func framesOnly() async throws {
        let path = try RepoPaths.temporaryDirectory("cache-no-events") + "/f.h5"
        let items = CacheFixtures.items(.uint8, count: 2, fixedT: nil)
        try await CacheFixtures.write(items, CacheFixtures.configuration(path: path, dtype: .uint8, fixedT: nil))
        let reader = try CacheReader(path: path)
        #expect(!reader.hasEvents && reader.eventSensor == nil)
        #expect(throws: CacheError.noEvents(path: path)) { try reader.events(at: 0) }
        #expect(CacheError.noEvents(path: path).description.contains("--store-events"))
    }

    @Test("a sample without events is refused by an events cache, and one with events by a frames-only cache")
    func mismatchedSamples() async throws {
        let dir = try RepoPaths.temporaryDirectory("cache-events-refuse")
        let item = CacheFixtures.items(.uint8, count: 1, fixedT: nil)[0]
        let withEvents = try await CacheWriter.open(Self.configuration(dir + "/a.h5"))
        await #expect(throws: CacheError.self) {
            try await withEvents.append(withEvents.encode(id: item.id, label: item.label, split: item.split, frames: item.frames))
        }
        let framesOnly = try await CacheWriter.open(CacheFixtures.configuration(path: dir + "/b.h5", dtype: .uint8, fixedT: nil))
        await #expect(throws: CacheError.self) {
            try await framesOnly.append(framesOnly.encode(id: item.id, label: item.label, split: item.split,
                                                          frames: item.frames, events: Self.events(1)))
        }
    }

    @Test("interrupted after two commits and resumed: events equal an uninterrupted write")
    func resume() async throws {
        let dir = try RepoPaths.temporaryDirectory("cache-events-resume")
        let items = CacheFixtures.items(.uint8, count: 11, fixedT: nil)
        let config = Self.configuration(dir + "/r.h5", commitEvery: 4)
        do {
            let writer = try await CacheWriter.open(config)
            try await Self.write(items, range: 0..<10, to: writer)
            #expect(await writer.committedCount == 8)
        }  // dropped without finish(): samples 8 and 9 were never committed
        let writer = try await CacheWriter.open(config)
        #expect(await writer.openStatus == .resumed(committedCount: 8))
        try await Self.write(items, range: 8..<11, to: writer)
        try await writer.finish()
        let reader = try CacheReader(path: config.path)
        #expect(reader.count == 11)
        for i in 0..<11 { #expect(try reader.events(at: i) == Self.events(i)) }
    }

    struct Expected: Encodable {
        let sensor: [Int]
        let offsets: [Int64]
        let t: [Int64]
        let x: [UInt16]
        let y: [UInt16]
        let p: [UInt8]
    }

    @Test("h5py reads /events: dtypes, zstd filter, sensor attributes, values", .enabled(if: H5py.available, H5py.skipReason))
    func h5pyReadsEvents() async throws {
        let dir = try RepoPaths.temporaryDirectory("cache-events-h5py")
        let items = CacheFixtures.items(.uint8, count: 6, fixedT: nil)
        let writer = try await CacheWriter.open(Self.configuration(dir + "/h.h5", commitEvery: 4))
        try await Self.write(items, range: 0..<6, to: writer)
        let path = try await writer.finish()
        var all = EventChunk()
        var offsets: [Int64] = [0]
        for i in 0..<6 {
            all.append(contentsOf: Self.events(i))
            offsets.append(Int64(all.count))
        }
        let expected = Expected(sensor: [5, 3, 2], offsets: offsets, t: all.t, x: all.x, y: all.y, p: all.p)
        try JSONEncoder().encode(expected).write(to: URL(fileURLWithPath: dir + "/expected.json"))
        let result = try H5py.run([H5py.script("h5py_check_events.py"), path, dir + "/expected.json"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("OK"))
    }
}
