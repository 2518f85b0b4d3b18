import SpikeEvents
import SpikeTransforms

/// A chunk from `(t, x, y, p)` tuples.
func chunk(_ events: [(Int64, UInt16, UInt16, UInt8)]) -> EventChunk {
    EventChunk(t: events.map(\.0), x: events.map(\.1), y: events.map(\.2), p: events.map(\.3))
}

/// The non-zero cells of a tensor as `[frame, channel, y, x, value]`, in storage order.
func nonZero(_ f: FrameTensor) -> [[Int]] {
    let s = f.shape
    return (0..<s.elementCount).compactMap { i in
        let v = f.storage[i]
        guard v != 0 else { return nil }
        let x = i % s.width, y = (i / s.width) % s.height
        let c = (i / (s.width * s.height)) % s.channels, t = i / s.frameElementCount
        return [t, c, y, x, Int(v)]
    }
}

/// Seven events on a 4×3 sensor used by several suites (times 10…39 µs, so t0 = 10, t1 = 39, D = 30):
///   e0 (10, x0 y0 ON)  e1 (12, x1 y0 OFF)  e2 (15, x1 y0 OFF)  e3 (20, x3 y2 ON)
///   e4 (29, x2 y1 OFF) e5 (30, x2 y1 OFF)  e6 (39, x0 y2 ON)
let seven = chunk([(10, 0, 0, 1), (12, 1, 0, 0), (15, 1, 0, 0), (20, 3, 2, 1), (29, 2, 1, 0), (30, 2, 1, 0),
                   (39, 0, 2, 1)])
let small = SensorSize(width: 4, height: 3)

/// Cells of each of the seven events, for building expectations: `[channel, y, x]`.
let cellOf: [[Int]] = [[1, 0, 0], [0, 0, 1], [0, 0, 1], [1, 2, 3], [0, 1, 2], [0, 1, 2], [1, 2, 0]]

/// The expected non-zero cells when frame `k` holds the events with the indices in `groups[k]`.
func expected(_ groups: [[Int]]) -> [[Int]] {
    var counts: [[Int]: Int] = [:]
    for (k, group) in groups.enumerated() {
        for e in group { counts[[k] + cellOf[e], default: 0] += 1 }
    }
    return counts.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { $0 + [counts[$0]!] }
}
