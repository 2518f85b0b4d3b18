import Foundation
import SpikeTransforms
import Testing

/// The ziggurat normal generator on 10⁶ samples: moments, the bulk (wedges) and the tails against Φ.
@Suite("Normal generator (ziggurat)")
struct NormalGeneratorTests {
    static let count = 1_000_000

    static func samples(seed: UInt64) -> [Double] {
        var random = TransformRandom(seed: seed)
        return [Double](unsafeUninitializedCapacity: count) { out, c in
            random.fillNormals(out)
            c = count
        }
    }

    /// P(a ≤ Z < b) for a standard normal Z.
    static func probability(_ a: Double, _ b: Double) -> Double { (erf(b / 2.squareRoot()) - erf(a / 2.squareRoot())) / 2 }

    @Test("same seed, same samples; another seed, other samples")
    func determinism() {
        let a = Self.samples(seed: 5)
        #expect(a == Self.samples(seed: 5))
        #expect(a != Self.samples(seed: 6))
    }

    @Test("mean 0 and variance 1 within 5 standard errors")
    func moments() {
        let z = Self.samples(seed: 11), n = Double(Self.count)
        let mean = z.reduce(0, +) / n
        let variance = z.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        #expect(abs(mean) < 5 / n.squareRoot())          // standard error of the mean: 1/√n
        #expect(abs(variance - 1) < 5 * (2 / n).squareRoot()) // of the variance: √(2/n)
        let skew = z.reduce(0) { $0 + $1 * $1 * $1 } / n, kurtosis = z.reduce(0) { $0 + $1 * $1 * $1 * $1 } / n
        #expect(abs(skew) < 5 * (6 / n).squareRoot())
        #expect(abs(kurtosis - 3) < 5 * (96 / n).squareRoot())
    }

    @Test("counts in 0.25-wide bins over [−4, 4) and in both tails match Φ within 5 binomial σ")
    func histogram() {
        let z = Self.samples(seed: 12), n = Double(Self.count)
        var edges = stride(from: -4.0, through: 4.0, by: 0.25).map { $0 }
        // Beyond the ziggurat's base edge r ≈ 3.4426 only the tail sampler produces values; 5 is deep in it.
        edges = [-.infinity, -5, -3.4426] + edges + [3.4426, 5, .infinity]
        edges.sort()
        for (a, b) in zip(edges, edges.dropFirst()) where a < b {
            let observed = Double(z.count(where: { $0 >= a && $0 < b }))
            let p = Self.probability(a, b), expected = n * p
            let sigma = (n * p * (1 - p)).squareRoot()
            #expect(abs(observed - expected) <= 5 * sigma + 1, "bin [\(a), \(b)): \(observed) vs \(expected)")
        }
        #expect(z.allSatisfy { $0.isFinite })
        #expect(z.contains { $0 > 4 } && z.contains { $0 < -4 })  // P(|Z| > 4) · 10⁶ ≈ 63
    }
}
