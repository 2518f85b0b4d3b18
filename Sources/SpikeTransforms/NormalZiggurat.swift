import Foundation

/// Standard normal samples by Marsaglia & Tsang's ziggurat (J. Stat. Softw. 5(8), 2000) with 128 layers.
/// The half-density f(x) = e^(−x²/2) is covered by 128 stacked regions of equal area `v`: the base is the
/// rectangle [0, r] × [0, f(r)] plus the tail beyond r; layer i ≥ 1 spans heights f(x[i]) … f(x[i+1]) with width
/// x[i]. A sample picks a layer and a signed uniform u, and returns u·x[i] when it falls inside the next layer's
/// width (≈ 99 % of draws: one 64-bit number, a multiply and a compare). Otherwise it is in the tail (base layer,
/// sampled by Marsaglia's 1964 method) or in a wedge (accepted against f itself), else it draws again.
struct NormalZiggurat: Sendable {
    static let layers = 128
    /// The base layer's right edge and the common area, for 128 layers (from the paper).
    static let r = 3.442619855899
    static let v = 9.91256303526217e-3

    /// x[0] = v/f(r) (the base drawn as a rectangle of area v), x[1] = r, …, x[128] = 0.
    let x: [Double]
    /// f(x[i]).
    let f: [Double]

    static let shared = NormalZiggurat()

    private init() {
        let density = { (x: Double) in exp(-x * x / 2) }
        var x = [Self.v / density(Self.r), Self.r]
        for i in 1..<Self.layers - 1 { x.append((-2 * log(Self.v / x[i] + density(x[i]))).squareRoot()) }
        x.append(0)
        self.x = x
        f = x.map(density)
    }

    /// Fills `out` with standard normal samples drawn from `random`.
    func fill(_ out: UnsafeMutableBufferPointer<Double>, from random: inout TransformRandom) {
        x.withUnsafeBufferPointer { x in
            f.withUnsafeBufferPointer { f in
                for k in out.indices {
                    while true {
                        let bits = random.next()
                        let layer = Int(bits & 127)
                        // Signed uniform in [−1, 1) from the top 53 bits (independent of the layer's low 7 bits).
                        let u = Double(Int64(bitPattern: bits) >> 11) * 0x1p-52
                        let z = u * x[layer]
                        if abs(z) < x[layer + 1] { out[k] = z; break }
                        if layer == 0 { out[k] = tail(positive: u >= 0, &random); break }
                        let y = f[layer] + random.uniform() * (f[layer + 1] - f[layer])
                        if y < exp(-z * z / 2) { out[k] = z; break }
                    }
                }
            }
        }
    }

    /// A sample beyond ±r: x = −ln(u1)/r, y = −ln(u2), accepted when 2y > x².
    private func tail(positive: Bool, _ random: inout TransformRandom) -> Double {
        while true {
            let a = -log(1 - random.uniform()) / Self.r
            let b = -log(1 - random.uniform())
            if 2 * b > a * a { return positive ? Self.r + a : -(Self.r + a) }
        }
    }
}
