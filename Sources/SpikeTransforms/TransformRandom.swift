import SpikeEvents

/// The seeded generator random transforms draw from: xoshiro256** (Blackman & Vigna 2018) with its state filled
/// by SplitMix64. The same seed gives the same numbers on every machine and in every process.
public struct TransformRandom: RandomNumberGenerator, Sendable {
    private var generator: Xoshiro256StarStar

    public init(seed: UInt64) { generator = Xoshiro256StarStar(splitMixState: seed) }

    /// The generator for one sample in one epoch of a run seeded with `seed`: each (epoch, sample) pair gets an
    /// independent stream, so augmentations differ per epoch yet a rerun repeats them exactly.
    public init(seed: UInt64, epoch: Int, sample: Int) {
        var z = seed
        let a = SplitMix64.mix(&z) ^ UInt64(bitPattern: Int64(epoch))
        z = a
        let b = SplitMix64.mix(&z) ^ UInt64(bitPattern: Int64(sample))
        self.init(seed: b)
    }

    public mutating func next() -> UInt64 { generator.next() }

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

    /// Fills `out` with independent standard normal samples (ziggurat; see `NormalZiggurat`).
    public mutating func fillNormals(_ out: UnsafeMutableBufferPointer<Double>) {
        NormalZiggurat.shared.fill(out, from: &self)
    }
}

extension TransformRandom {
    /// Draws `count` standard normals in blocks of 4096 (one stack buffer, none per event) and hands each block
    /// to `body` with the index of its first sample. Blocks hold an even number of samples except the last.
    mutating func forEachNormalBlock(count: Int, _ body: (Int, UnsafeBufferPointer<Double>) -> Void) {
        let block = 4096
        withUnsafeTemporaryAllocation(of: Double.self, capacity: min(block, max(count, 1))) { buffer in
            var start = 0
            while start < count {
                let part = UnsafeMutableBufferPointer(rebasing: buffer[0..<min(block, count - start)])
                fillNormals(part)
                body(start, UnsafeBufferPointer(part))
                start += part.count
            }
        }
    }
}
