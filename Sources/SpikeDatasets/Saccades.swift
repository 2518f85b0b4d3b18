/// The sensor motion of an N-MNIST recording: three saccades along a triangle, ~100 ms each, the image
/// shifting by a few pixels (FORMATS.md §1: t_max ≈ 305–311 ms). Within a saccade the motion eases in and
/// out (smoothstep), like a pan-tilt unit that starts and stops at rest.
struct SaccadePath: Sendable {
    /// Triangle corners in pixels (image shift dx, dy); the path returns to the start.
    static let corners: [(x: Double, y: Double)] = [(0, 0), (1.5, 3), (3, 0), (0, 0)]

    /// Duration of each of the three saccades in µs.
    let durations: [Double]
    /// Recording time after the last saccade ends, in µs.
    let tail: Double

    init(durations: [Double], tail: Double) {
        precondition(durations.count == 3 && durations.allSatisfy { $0 > 0 } && tail >= 0)
        self.durations = durations
        self.tail = tail
    }

    /// Saccades of 100.5–102.5 ms and a 1–4 ms tail: recordings end at 302.5–311.5 ms.
    init(random rng: inout SeededRandom) {
        self.init(durations: (0..<3).map { _ in rng.uniform(100_500, 102_500) }, tail: rng.uniform(1_000, 4_000))
    }

    /// Recording length in µs.
    var length: Double { durations.reduce(0, +) + tail }

    /// Image shift at time `t` µs (clamped to the recording).
    func offset(at t: Double) -> (x: Double, y: Double) {
        var start = 0.0
        for (i, d) in durations.enumerated() {
            if t < start + d {
                let u = max(0, (t - start) / d)
                let s = (u + u * u * (3 - 2 * u)) / 2
                let a = Self.corners[i], b = Self.corners[i + 1]
                return (a.x + (b.x - a.x) * s, a.y + (b.y - a.y) * s)
            }
            start += d
        }
        return Self.corners[3]
    }

    /// The bounding box of all shifts, for finding pixels the moving image can reach.
    static let extent = (minX: 0.0, maxX: 3.0, minY: 0.0, maxY: 3.0)
}
