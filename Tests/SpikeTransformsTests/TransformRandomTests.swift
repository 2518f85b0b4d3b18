import SpikeEvents
import SpikeTransforms
import Testing

/// Augmentations: exact results where the randomness cannot matter, invariants and reproducibility otherwise.
@Suite("Transform augmentations (seeded)")
struct TransformRandomTests {
    func apply(_ t: some RandomTransform, _ events: EventChunk = seven, sensor: SensorSize = small,
               seed: UInt64 = 1) throws -> ([[Int64]], SensorSize) {
        var random = TransformRandom(seed: seed)
        let (out, size) = try t.apply(events, sensor: sensor, random: &random)
        return (rows(out), size)
    }

    @Test("xoshiro256** seeded by SplitMix64 matches an independent implementation")
    func generator() {
        // First outputs for seed 0, computed with a 10-line Python transcription of the two published algorithms.
        var r = TransformRandom(seed: 0)
        #expect([r.next(), r.next(), r.next()] == [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0])
        var a = TransformRandom(seed: 7, epoch: 1, sample: 3), b = TransformRandom(seed: 7, epoch: 1, sample: 3)
        var c = TransformRandom(seed: 7, epoch: 2, sample: 3)
        let first = a.next()
        #expect(first == b.next())
        #expect(first != c.next())
        var d = TransformRandom(seed: 3)
        #expect((0..<1000).allSatisfy { _ in d.below(7) < 7 && (0..<1).contains(d.uniform()) })
    }

    @Test("random crop: the only position when the box fills the sensor, always inside otherwise")
    func randomCrop() throws {
        #expect(try apply(RandomCrop(size: PixelSize(width: 4, height: 3))).0 == rows(seven))
        for seed in 0..<20 as Range<UInt64> {
            let (out, sensor) = try apply(RandomCrop(size: PixelSize(width: 2, height: 2)), seed: seed)
            #expect(sensor == SensorSize(width: 2, height: 2))
            #expect(out.allSatisfy { $0[1] < 2 && $0[2] < 2 })
        }
        #expect(throws: TransformError.self) { try apply(RandomCrop(size: PixelSize(width: 5, height: 2))) }
    }

    @Test("random flip: p = 1 always flips, p = 0 never")
    func randomFlip() throws {
        #expect(try apply(RandomFlip(axis: .lr, p: 1)).0 == run(FlipLR(), seven, sensor: small).0)
        #expect(try apply(RandomFlip(axis: .polarity, p: 0)).0 == rows(seven))
    }

    @Test("drop event removes exactly round(p·N) events, in order, reproducibly")
    func dropEvent() throws {
        #expect(try apply(DropEvent(p: 0)).0 == rows(seven))
        #expect(try apply(DropEvent(p: 1)).0.isEmpty)
        let (out, _) = try apply(DropEvent(p: 0.5)) // round(3.5) = 4 dropped
        #expect(out.count == 3)
        #expect(out.allSatisfy(rows(seven).contains) && out == out.sorted { $0[0] < $1[0] })
        #expect(try apply(DropEvent(p: 0.5)).0 == out)
    }

    @Test("drop by time removes one contiguous interval; by area one box")
    func dropByTimeAndArea() throws {
        for seed in 0..<20 as Range<UInt64> {
            // Span 29 µs, ratio 0.3: an interval of 8.7 µs — the survivors are the events outside it.
            let times = try apply(DropByTime(ratio: 0.3), seed: seed).0.map { $0[0] }
            let dropped = [10, 12, 15, 20, 29, 30, 39].filter { !times.contains($0) }
            #expect(dropped.isEmpty || dropped.last! - dropped.first! <= 8)
            // 0.5 of 4×3: a 2×1 box; dropped events all lie in one such box.
            let kept = try apply(DropByArea(ratio: 0.5), seed: seed).0
            let gone = rows(seven).filter { !kept.contains($0) }
            let xs = Set(gone.map { $0[1] }), ys = Set(gone.map { $0[2] })
            #expect(xs.count <= 2 && ys.count <= 1)
        }
        #expect(try apply(DropByTime(ratio: 0)).0.count >= 6)
    }

    @Test("zero jitter changes nothing; jitter keeps events on the sensor and in order")
    func jitter() throws {
        #expect(try apply(TimeJitter(std: 0)).0 == rows(seven))
        #expect(try apply(SpatialJitter(varX: 0, varY: 0)).0 == rows(seven))
        let timed = try apply(TimeJitter(std: 3)).0
        #expect(timed.count == 7 && timed.map { $0[0] } == timed.map { $0[0] }.sorted())
        let moved = try apply(SpatialJitter(varX: 4, varY: 4)).0
        #expect(moved.count == 7 && moved.allSatisfy { $0[1] < 4 && $0[2] < 3 })
        #expect(try apply(SpatialJitter(varX: 100, varY: 100, clipOutliers: true)).0.count < 7)
        #expect(throws: TransformError.self) { try apply(SpatialJitter(varX: 1, varY: 1, sigmaXY: 2)) }
    }

    @Test("uniform noise adds n in-sensor events inside the span, merged in time order")
    func uniformNoise() throws {
        let (out, _) = try apply(UniformNoise(n: 5))
        #expect(out.count == 12)
        #expect(out.map { $0[0] } == out.map { $0[0] }.sorted())
        #expect(out.allSatisfy { $0[0] >= 10 && $0[0] < 39 || $0[0] == 39 })
        #expect(out.allSatisfy { $0[1] < 4 && $0[2] < 3 && $0[3] < 2 })
        let originals = out.filter(rows(seven).contains)
        #expect(originals.count >= 7)
    }
}
