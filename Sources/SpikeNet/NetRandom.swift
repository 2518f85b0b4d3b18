import SpikeEvents

/// SplitMix64: a small, fast, seedable generator so initialisation and dropout masks are reproducible
/// from the network seed alone (Swift's SystemRandomNumberGenerator cannot be seeded).
public struct NetRandom: RandomNumberGenerator, Sendable {
    private var base: SplitMix64

    public init(seed: UInt64) { base = SplitMix64(seed: seed) }

    /// Generator number `stream` of a family derived from `seed` (e.g. one per training pass): the seed is mixed
    /// before the stream number enters, so nearby seeds and streams do not meet.
    public init(seed: UInt64, stream: UInt64) {
        var mixedSeed = seed
        var state = SplitMix64.mix(&mixedSeed) ^ stream
        base = SplitMix64(seed: SplitMix64.mix(&state))
    }

    public mutating func next() -> UInt64 { base.next() }

    /// Uniform in [lo, hi).
    public mutating func uniform(_ lo: Float, _ hi: Float) -> Float {
        lo + (hi - lo) * Float(next() >> 40) / Float(1 << 24)
    }

    /// `count` values uniform in ±1/√fanIn (PyTorch's default Linear/Conv initialisation range).
    mutating func fanInUniform(count: Int, fanIn: Int) -> [Float] {
        let bound = 1 / Float(fanIn).squareRoot()
        return (0..<count).map { _ in uniform(-bound, bound) }
    }
}
