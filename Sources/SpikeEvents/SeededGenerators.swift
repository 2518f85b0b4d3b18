/// SplitMix64 (Steele, Lea & Flood 2014): a tiny seedable generator, also used to expand a seed into the
/// state of `Xoshiro256StarStar`. Shared by every module that needs reproducible randomness (shuffles,
/// augmentations, weight initialisation, synthetic data) — Swift's system generator cannot be seeded.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// Advances `state` and returns the next output (for callers that keep their own state word).
    public static func mix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func next() -> UInt64 { Self.mix(&state) }

    /// A uniform index in `0..<n` (Lemire's multiply-shift with rejection, so no modulo bias).
    public mutating func index(below n: Int) -> Int {
        precondition(n > 0)
        let bound = UInt64(n)
        while true {
            let product = next().multipliedFullWidth(by: bound)
            if product.low >= (0 &- bound) % bound { return Int(product.high) }
        }
    }
}

/// xoshiro256** (Blackman & Vigna 2018), its 256-bit state filled from SplitMix64.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    // Inlinable state and `next()`: other modules' hot loops (the normal generator) keep it in registers.
    @usableFromInline var s0, s1, s2, s3: UInt64

    /// State from SplitMix64 outputs starting at `state`.
    public init(splitMixState state: UInt64) {
        var z = state
        s0 = SplitMix64.mix(&z)
        s1 = SplitMix64.mix(&z)
        s2 = SplitMix64.mix(&z)
        s3 = SplitMix64.mix(&z)
    }

    @inlinable
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
}
