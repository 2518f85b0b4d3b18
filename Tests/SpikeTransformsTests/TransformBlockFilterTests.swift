import SpikeEvents
import SpikeTransforms
import Testing

/// The block-mask filters (SIMD over 64 events, bit walks for mixed blocks) against one-line reference filters
/// on streams long enough for full, empty, mixed and final partial blocks.
@Suite("Block filters equal their one-line references")
struct TransformBlockFilterTests {
    static let sensor = SensorSize(width: 64, height: 48)

    /// `n` time-ordered events; runs of 100 events share a region so whole blocks are kept or dropped.
    static func stream(_ n: Int = 5_003) -> EventChunk {
        var random = SplitMix64(seed: 42)
        var chunk = EventChunk()
        var t: Int64 = 0
        for i in 0..<n {
            t += Int64(random.index(below: 3))
            let region = (i / 100) % 4
            chunk.append(t: t, x: UInt16(region * 16 + random.index(below: 16)), y: UInt16(random.index(below: 48)),
                         p: UInt8(random.index(below: 2)))
        }
        return chunk
    }

    static func reference(_ events: EventChunk, keep: (Event) -> Bool, shift: (x: Int, y: Int) = (0, 0)) -> [[Int64]] {
        (0..<events.count).map { events[$0] }.filter(keep).map {
            [$0.t, Int64($0.x) - Int64(shift.x), Int64($0.y) - Int64(shift.y), Int64($0.p)]
        }
    }

    @Test("crops, a padded centre crop and cropTime")
    func deterministic() throws {
        let events = Self.stream()
        #expect(try run(BoxCrop(x: 10, y: 5, width: 30, height: 20), events, sensor: Self.sensor).0
                == Self.reference(events, keep: { (10..<40).contains($0.x) && (5..<25).contains($0.y) }, shift: (10, 5)))
        // 100 × 40 on 64 × 48: pads x by 18 (offset −18), crops y from 4.
        #expect(try run(CenterCrop(size: PixelSize(width: 100, height: 40)), events, sensor: Self.sensor).0
                == Self.reference(events, keep: { (4..<44).contains($0.y) }, shift: (-18, 4)))
        let (lo, hi) = (events.t[1_000], events.t[3_210])
        #expect(try run(CropTime(min: lo, max: hi), events, sensor: Self.sensor).0
                == Self.reference(events, keep: { $0.t >= lo && $0.t <= hi }))
        let dead: Set<[UInt16]> = [[3, 4], [20, 30], [63, 47]]
        #expect(try run(DropPixel(pixels: [(3, 4), (20, 30), (63, 47)]), events, sensor: Self.sensor).0
                == Self.reference(events, keep: { event in !dead.contains([event.x, event.y]) }))
    }

    @Test("dropByArea and dropByTime, with the generator's draws replayed", arguments: [1, 2, 3] as [UInt64])
    func random(seed: UInt64) throws {
        let events = Self.stream()
        var random = TransformRandom(seed: seed), replay = random
        let area = try DropByArea(ratio: 0.4).apply(events, sensor: Self.sensor, random: &random).0
        let (w, h) = (Int(64 * 0.4), Int(48 * 0.4))
        let x0 = replay.int(in: 0...(64 - w - 1)), y0 = replay.int(in: 0...(48 - h - 1))
        #expect(rows(area) == Self.reference(events, keep: {
            !((x0..<x0 + w).contains(Int($0.x)) && (y0..<y0 + h).contains(Int($0.y)))
        }))

        random = TransformRandom(seed: seed)
        replay = random
        let time = try DropByTime(ratio: 0.3).apply(events, sensor: Self.sensor, random: &random).0
        let (first, last) = (events.t.first!, events.t.last!)
        let length = Double(last - first) * 0.3
        let start = Double(first) + replay.uniform() * (Double(last - first) - length)
        #expect(rows(time) == Self.reference(events, keep: { !(Double($0.t) >= start && Double($0.t) <= start + length) }))
        #expect(time.count < events.count)
    }

    @Test("timeJitter's radix sort equals a stable sort of the jittered events (ties keep input order)")
    func jitterSort() throws {
        let events = Self.stream()
        var a = TransformRandom(seed: 5), b = a
        let sorted = try TimeJitter(std: 40).apply(events, sensor: Self.sensor, random: &a).0
        let unsorted = try TimeJitter(std: 40, sort: false).apply(events, sensor: Self.sensor, random: &b).0
        let reference = rows(unsorted).enumerated().sorted { ($0.element[0], $0.offset) < ($1.element[0], $1.offset) }
        #expect(rows(sorted) == reference.map(\.element))
        #expect(rows(unsorted) != reference.map(\.element))  // the jitter did reorder events
        #expect(Set(rows(unsorted).map { $0[0] }).count < unsorted.count)  // and made equal times (ties)
    }
}
