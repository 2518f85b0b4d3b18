import SpikeEvents

/// A small deterministic PRNG (xoshiro256**, seeded through SplitMix64) with its own uniform and normal
/// draws, so a seed gives the same numbers on every run and machine. The standard library's
/// `random(in:using:)` algorithms are not a documented contract, hence the own conversions.
struct SeededRandom {
    private var generator: Xoshiro256StarStar

    /// A generator for one stream: `seed` mixed with `stream` (e.g. split, digit, index), so every sample
    /// owns independent numbers whatever order samples are generated in.
    init(seed: UInt64, stream: [UInt64] = []) {
        var state = seed
        for word in stream {
            var mix = state ^ (word &* 0x9E37_79B9_7F4A_7C15)
            state = SplitMix64.mix(&mix)
        }
        generator = Xoshiro256StarStar(splitMixState: state)
    }

    mutating func next() -> UInt64 { generator.next() }

    /// Uniform in [0, 1) with 53 random bits.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in [lower, upper).
    mutating func uniform(_ lower: Double, _ upper: Double) -> Double { lower + (upper - lower) * unit() }

    /// Uniform integer in 0..<n (n > 0); the modulo bias is below 2⁻⁴⁰ for the small n used here.
    mutating func index(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// `elements` in a random order (Fisher–Yates with `index`).
    mutating func shuffled<T>(_ elements: [T]) -> [T] {
        var out = elements
        for i in stride(from: out.count - 1, to: 0, by: -1) { out.swapAt(i, index(i + 1)) }
        return out
    }

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
