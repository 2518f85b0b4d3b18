/// A small deterministic PRNG (xoshiro256**, seeded through SplitMix64) with its own uniform and normal
/// draws, so a seed gives the same numbers on every run and machine. The standard library's
/// `random(in:using:)` algorithms are not a documented contract, hence the own conversions.
struct SeededRandom {
    private var s0, s1, s2, s3: UInt64

    /// A generator for one stream: `seed` mixed with `stream` (e.g. split, digit, index), so every sample
    /// owns independent numbers whatever order samples are generated in.
    init(seed: UInt64, stream: [UInt64] = []) {
        var state = seed
        for word in stream {
            var mix = state ^ (word &* 0x9E37_79B9_7F4A_7C15)
            state = Self.splitMix(&mix)
        }
        s0 = Self.splitMix(&state)
        s1 = Self.splitMix(&state)
        s2 = Self.splitMix(&state)
        s3 = Self.splitMix(&state)
    }

    static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next() -> UInt64 {
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

    /// Uniform in [0, 1) with 53 random bits.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in [lower, upper).
    mutating func uniform(_ lower: Double, _ upper: Double) -> Double { lower + (upper - lower) * unit() }

    /// Uniform integer in 0..<n (n > 0); the modulo bias is below 2⁻⁴⁰ for the small n used here.
    mutating func index(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// Normal draw (Marsaglia's polar method, one value per accepted pair: simple and stream-stable).
    mutating func normal(mean: Double, sd: Double) -> Double {
        while true {
            let u = 2 * unit() - 1
            let v = 2 * unit() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                return mean + sd * u * (-2 * DeterministicMath.log(s) / s).squareRoot()
            }
        }
    }

    /// Exponential draw with the given mean (gaps of a Poisson process).
    mutating func exponential(mean: Double) -> Double { -mean * DeterministicMath.log(1 - unit()) }
}
