import SpikeEvents
import SpikeTransforms
import Testing

/// Native semantics on the seven events of `seven` (t0 = 10, t1 = 39, D = 30, N = 7), counted by hand.
@Suite("Binning native modes (hand-computed)")
struct BinningNativeModeTests {
    func bin(_ b: FrameBinning, _ events: EventChunk = seven) throws -> FrameTensor {
        try b.frames(events, sensor: small)
    }

    @Test("nTimeBins: bin = ⌊(t − t0)·T / D⌋, last event included")
    func nTimeBins() throws {
        // (t − 10)·4 = 0, 8, 20, 40, 76, 80, 116 over 30 → bins 0, 0, 0, 1, 2, 2, 3.
        let f = try bin(FrameBinning(.nTimeBins(4)))
        #expect(f.shape == FrameShape(timeSteps: 4, channels: 2, height: 3, width: 4))
        #expect(f.dtype == .uint8)
        #expect(nonZero(f) == expected([[0, 1, 2], [3], [4, 5], [6]]))
        #expect(nonZero(f) == [[0, 0, 0, 1, 2], [0, 1, 0, 0, 1], [1, 1, 2, 3, 1], [2, 0, 1, 2, 2], [3, 1, 2, 0, 1]])
    }

    @Test("nTimeBins with overlap 0.5: window k covers 30k ≤ 4r < 30(k+1) + 15")
    func nTimeBinsOverlap() throws {
        // 4r = 0, 8, 20, 40, 76, 80, 116: w0 [0,45) e0–e3, w1 [30,75) e3, w2 [60,105) e4 e5, w3 [90,135) e6.
        let f = try bin(FrameBinning(.nTimeBins(4), overlap: 0.5))
        #expect(nonZero(f) == expected([[0, 1, 2, 3], [3], [4, 5], [6]]))
        #expect(f.total == 8)
    }

    @Test("nEventBins: bin = ⌊i·T / N⌋")
    func nEventBins() throws {
        // 3i / 7 for i = 0…6 → 0, 0, 0, 1, 1, 2, 2.
        let f = try bin(FrameBinning(.nEventBins(3)))
        #expect(f.shape.timeSteps == 3)
        #expect(nonZero(f) == expected([[0, 1, 2], [3, 4], [5, 6]]))
    }

    @Test("nEventBins with overlap 0.5: window k covers 7k ≤ 3i < 7(k+1) + 4")
    func nEventBinsOverlap() throws {
        // 3i = 0, 3, 6, 9, 12, 15, 18: w0 [0,11) i0–3, w1 [7,18) i3–5, w2 [14,25) i5–6.
        let f = try bin(FrameBinning(.nEventBins(3), overlap: 0.5))
        #expect(nonZero(f) == expected([[0, 1, 2, 3], [3, 4, 5], [5, 6]]))
    }

    @Test("timeWindow: bin = ⌊(t − t0)/w⌋, partial last window kept or dropped")
    func timeWindow() throws {
        // r = 0, 2, 5, 10, 19, 20, 29 with w = 12 → 0, 0, 0, 0, 1, 1, 2; the third window [24, 36) is partial.
        let kept = try bin(FrameBinning(.timeWindow(12)))
        #expect(kept.shape.timeSteps == 3)
        #expect(nonZero(kept) == expected([[0, 1, 2, 3], [4, 5], [6]]))
        let dropped = try bin(FrameBinning(.timeWindow(12), dropIncomplete: true))
        #expect(dropped.shape.timeSteps == 2)
        #expect(nonZero(dropped) == expected([[0, 1, 2, 3], [4, 5]]))
    }

    @Test("timeWindow: windows that end exactly at t1 + 1 are complete")
    func timeWindowExact() throws {
        // D = 30, w = 10: three complete windows, none dropped.
        let f = try bin(FrameBinning(.timeWindow(10), dropIncomplete: true))
        #expect(nonZero(f) == expected([[0, 1, 2], [3, 4], [5, 6]]))
    }

    @Test("timeWindow with overlap 4: windows of 12 µs every 8 µs")
    func timeWindowOverlap() throws {
        // [0,12) e0–e3, [8,20) e3 e4, [16,28) e4 e5, [24,36) e6 (partial).
        let kept = try bin(FrameBinning(.timeWindow(12), overlap: 4))
        #expect(nonZero(kept) == expected([[0, 1, 2, 3], [3, 4], [4, 5], [6]]))
        let dropped = try bin(FrameBinning(.timeWindow(12), overlap: 4, dropIncomplete: true))
        #expect(nonZero(dropped) == expected([[0, 1, 2, 3], [3, 4], [4, 5]]))
    }

    @Test("eventCount: bin = ⌊i/c⌋, partial last bin kept or dropped")
    func eventCount() throws {
        let kept = try bin(FrameBinning(.eventCount(3)))
        #expect(nonZero(kept) == expected([[0, 1, 2], [3, 4, 5], [6]]))
        let dropped = try bin(FrameBinning(.eventCount(3), dropIncomplete: true))
        #expect(nonZero(dropped) == expected([[0, 1, 2], [3, 4, 5]]))
        let tooFew = try bin(FrameBinning(.eventCount(10), dropIncomplete: true))
        #expect(tooFew.shape.timeSteps == 0)
    }

    @Test("eventCount with overlap 2: windows of 4 events every 2")
    func eventCountOverlap() throws {
        let kept = try bin(FrameBinning(.eventCount(4), overlap: 2))
        #expect(nonZero(kept) == expected([[0, 1, 2, 3], [2, 3, 4, 5], [4, 5, 6]]))
        let dropped = try bin(FrameBinning(.eventCount(4), overlap: 2, dropIncomplete: true))
        #expect(nonZero(dropped) == expected([[0, 1, 2, 3], [2, 3, 4, 5]]))
    }

    @Test("start/end fix the span and exclude events outside it")
    func startEnd() throws {
        // [0, 39], D = 40: bin = ⌊t/20⌋.
        let wide = try bin(FrameBinning(.nTimeBins(2), start: 0, end: 39))
        #expect(nonZero(wide) == expected([[0, 1, 2], [3, 4, 5, 6]]))
        // [12, 30], D = 19: e0 and e6 ignored; r = 0, 3, 8, 17, 18 → ⌊2r/19⌋ = 0, 0, 0, 1, 1.
        let narrow = try bin(FrameBinning(.nTimeBins(2), start: 12, end: 30))
        #expect(nonZero(narrow) == expected([[1, 2, 3], [4, 5]]))
        // Event modes rank the events inside the span: N = 5, ⌊2i/5⌋ = 0, 0, 0, 1, 1.
        let ranked = try bin(FrameBinning(.nEventBins(2), start: 12, end: 30))
        #expect(nonZero(ranked) == expected([[1, 2, 3], [4, 5]]))
        // timeWindow from start = 0: ⌊t/25⌋ over [0, 49] → two windows, e6 (39) in the second.
        let windows = try bin(FrameBinning(.timeWindow(25), start: 0, end: 49))
        #expect(nonZero(windows) == expected([[0, 1, 2, 3], [4, 5, 6]]))
    }

    @Test("merged polarities: one channel")
    func merged() throws {
        let f = try bin(FrameBinning(.nTimeBins(1), mergePolarities: true))
        #expect(f.shape == FrameShape(timeSteps: 1, channels: 1, height: 3, width: 4))
        #expect(nonZero(f) == [[0, 0, 0, 0, 1], [0, 0, 0, 1, 2], [0, 0, 1, 2, 2], [0, 0, 2, 0, 1], [0, 0, 2, 3, 1]])
    }

    @Test("uint16 and float32 hold the same counts as uint8")
    func dtypes() throws {
        let reference = nonZero(try bin(FrameBinning(.nTimeBins(4), overlap: 0.5)))
        for dtype in [FrameDType.uint16, .float32] {
            let f = try bin(FrameBinning(.nTimeBins(4), overlap: 0.5, dtype: dtype))
            #expect(f.dtype == dtype)
            #expect(nonZero(f) == reference)
        }
    }

    @Test("time-unordered events bin like the sorted ones (time modes)", arguments: [
        FrameBinning(.nTimeBins(4)), FrameBinning(.nTimeBins(4), overlap: 0.5), FrameBinning(.timeWindow(12), overlap: 4),
        FrameBinning(.timeWindow(12), dropIncomplete: true), FrameBinning(.nTimeBins(2), start: 12, end: 30),
    ])
    func unsorted(binning: FrameBinning) throws {
        let order = [5, 0, 6, 2, 1, 4, 3]
        let shuffled = chunk(order.map { (seven.t[$0], seven.x[$0], seven.y[$0], seven.p[$0]) })
        #expect(try bin(binning, shuffled) == bin(binning))
    }

    @Test("time-unordered events with start/end: event modes rank events in chunk order")
    func unsortedRanked() throws {
        // Chunk order e5 e0 e6 e2 e1 e4 e3; inside [12, 30]: e5 e2 e1 e4 e3 → ⌊2i/5⌋ = 0, 0, 0, 1, 1.
        let order = [5, 0, 6, 2, 1, 4, 3]
        let shuffled = chunk(order.map { (seven.t[$0], seven.x[$0], seven.y[$0], seven.p[$0]) })
        let f = try bin(FrameBinning(.nEventBins(2), start: 12, end: 30), shuffled)
        #expect(nonZero(f) == expected([[5, 2, 1], [4, 3]]))
    }
}
