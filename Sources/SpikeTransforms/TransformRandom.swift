import Foundation

/// The seeded generator random transforms draw from: xoshiro256** (Blackman & Vigna 2018) with its state filled
/// by SplitMix64. The same seed gives the same numbers on every machine and in every process.
public struct TransformRandom: RandomNumberGenerator, Sendable {
    private var s0, s1, s2, s3: UInt64

    public init(seed: UInt64) {
        var z = seed
        s0 = Self.splitMix(&z)
        s1 = Self.splitMix(&z)
        s2 = Self.splitMix(&z)
        s3 = Self.splitMix(&z)
    }

    /// The generator for one sample in one epoch of a run seeded with `seed`: each (epoch, sample) pair gets an
    /// independent stream, so augmentations differ per epoch yet a rerun repeats them exactly.
    public init(seed: UInt64, epoch: Int, sample: Int) {
        var z = seed
        let a = Self.splitMix(&z) ^ UInt64(bitPattern: Int64(epoch))
        z = a
        let b = Self.splitMix(&z) ^ UInt64(bitPattern: Int64(sample))
        self.init(seed: b)
    }

    private static func splitMix(_ z: inout UInt64) -> UInt64 {
        z &+= 0x9E37_79B9_7F4A_7C15
        var r = z
        r = (r ^ (r >> 30)) &* 0xBF58_476D_1CE4_E5B9
        r = (r ^ (r >> 27)) &* 0x94D0_49BB_1331_11EB
        return r ^ (r >> 31)
    }

    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Uniform in `[0, 1)` with 53 random bits.
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in `0 ..< bound` (bound ≥ 1), without modulo bias (Lemire's multiply-and-reject).
    public mutating func below(_ bound: UInt64) -> UInt64 {
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold { m = next().multipliedFullWidth(by: bound) }
        }
        return m.high
    }

    /// Uniform integer in `range`.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(below(UInt64(range.upperBound - range.lowerBound) + 1))
    }

    /// A pair of independent standard normal samples (Box–Muller).
    public mutating func normalPair() -> (Double, Double) {
        let u1 = 1 - uniform() // (0, 1]: log stays finite
        let u2 = uniform()
        let r = (-2 * log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        return (r * cos(angle), r * sin(angle))
    }
}
