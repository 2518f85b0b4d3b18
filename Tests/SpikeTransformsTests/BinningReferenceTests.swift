import SpikeEvents
import SpikeTransforms
import Testing

/// The fast kernels against a slow reference written straight from the binning semantics of docs/PIPELINES.md (a membership test per
/// event and window, window lists built one by one), on seeded random event lists, sorted and unsorted.
@Suite("Binning native kernels against a direct reference")
struct BinningReferenceTests {
    /// SplitMix64: a fixed, seedable generator so failures reproduce.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Frame count and, per frame, the indices of the events it counts.
    static func reference(_ b: FrameBinning, _ ev: EventChunk) -> [[Int]] {
        let n = ev.count
        let t0 = b.start ?? ev.t.min(), t1 = b.end ?? ev.t.max()
        guard let t0, let t1, t1 >= t0 else {
            switch b.slicing {
            case .nTimeBins(let bins), .nEventBins(let bins): return Array(repeating: [], count: bins)
            case .timeWindow, .eventCount: return []
            }
        }
        let inside = (0..<n).filter { ev.t[$0] >= t0 && ev.t[$0] <= t1 }
        var position: [Int: Int] = [:]  // event index → position
        var length: Int
        switch b.slicing {
        case .nTimeBins, .timeWindow:
            for i in inside { position[i] = Int(ev.t[i] - t0) }
            length = Int(t1 - t0 + 1)
        case .nEventBins, .eventCount:
            for (rank, i) in inside.enumerated() { position[i] = rank }
            length = inside.count
        }
        switch b.slicing {
        case .nTimeBins(let bins), .nEventBins(let bins):
            // Overlap o = m/8: k·L·8 ≤ pos·T·8 < (k+1)·L·8 + m·L.
            let m = Int(b.overlap * 8)
            return (0..<bins).map { k in
                inside.filter { i in
                    let p = position[i]! * bins * 8
                    return k * length * 8 <= p && p < (k + 1) * length * 8 + m * length
                }
            }
        case .timeWindow, .eventCount:
            let w: Int = if case .timeWindow(let w) = b.slicing { Int(w) } else if case .eventCount(let c) = b.slicing { c } else { 0 }
            let stride = w - Int(b.overlap)
            var frames: [[Int]] = []
            var start = 0
            while length > 0 {
                if b.dropIncomplete && start + w > length { break }
                frames.append(inside.filter { position[$0]! >= start && position[$0]! < start + w })
                if start + w >= length { break }
                start += stride
            }
            return frames
        }
    }

    static func cells(_ frames: [[Int]], _ ev: EventChunk, merged: Bool) -> [[Int]] {
        var counts: [[Int]: Int] = [:]
        for (k, events) in frames.enumerated() {
            for i in events { counts[[k, merged ? 0 : Int(ev.p[i]), Int(ev.y[i]), Int(ev.x[i])], default: 0] += 1 }
        }
        return counts.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { $0 + [counts[$0]!] }
    }

    static func randomBinning(_ mode: Int, _ g: inout SplitMix) -> FrameBinning {
        let slicing: FrameBinning.Slicing
        var overlap = 0.0
        var drop = false
        switch mode {
        case 0: slicing = .nTimeBins(Int.random(in: 1...20, using: &g)); overlap = Double(Int.random(in: 0...7, using: &g)) / 8
        case 1: slicing = .nEventBins(Int.random(in: 1...20, using: &g)); overlap = Double(Int.random(in: 0...7, using: &g)) / 8
        case 2:
            let w = Int.random(in: 1...60, using: &g)
            slicing = .timeWindow(Int64(w)); overlap = Double(Int.random(in: 0..<w, using: &g)); drop = Bool.random(using: &g)
        default:
            let c = Int.random(in: 1...12, using: &g)
            slicing = .eventCount(c); overlap = Double(Int.random(in: 0..<c, using: &g)); drop = Bool.random(using: &g)
        }
        let start: Int64? = Int.random(in: 0...3, using: &g) == 0 ? Int64.random(in: -20...150, using: &g) : nil
        let end: Int64? = Int.random(in: 0...3, using: &g) == 0 ? Int64.random(in: (start ?? -20)...250, using: &g) : nil
        return FrameBinning(slicing, overlap: overlap, dropIncomplete: drop, start: start, end: end,
                            mergePolarities: Bool.random(using: &g), dtype: .uint16)
    }

    @Test("random events and parameters match the reference", arguments: [0, 1, 2, 3])
    func randomized(mode: Int) throws {
        var g = SplitMix(state: UInt64(mode) &+ 0xB1A5)
        let sensor = SensorSize(width: 5, height: 4)
        for round in 0..<400 {
            let n = Int.random(in: 0...40, using: &g)
            var t = (0..<n).map { _ in Int64.random(in: 0...200, using: &g) }
            if round % 3 != 0 { t.sort() }  // two thirds time-ordered, one third not
            let ev = EventChunk(t: t, x: (0..<n).map { _ in UInt16.random(in: 0..<5, using: &g) },
                                y: (0..<n).map { _ in UInt16.random(in: 0..<4, using: &g) },
                                p: (0..<n).map { _ in UInt8.random(in: 0...1, using: &g) })
            let b = Self.randomBinning(mode, &g)
            let frames = try b.frames(ev, sensor: sensor)
            let expectedFrames = Self.reference(b, ev)
            #expect(frames.shape.timeSteps == expectedFrames.count, "round \(round): \(b)")
            #expect(nonZero(frames) == Self.cells(expectedFrames, ev, merged: b.mergePolarities), "round \(round): \(b)")
        }
    }
}
