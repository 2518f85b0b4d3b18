/// `log`, `sin` and `cos` built only from IEEE-754 `+ − × ÷`, which are correctly rounded everywhere, so the
/// synthetic dataset is bit-identical across platforms. libm's transcendental functions differ in the last
/// ulp between glibc and Darwin, and one ulp can move a contrast-threshold crossing.
enum DeterministicMath {
    static let ln2 = 0.693_147_180_559_945_3
    static let pi = 3.141_592_653_589_793

    /// Natural logarithm of a positive finite `x`.
    static func log(_ x: Double) -> Double {
        precondition(x > 0 && x.isFinite, "log of \(x)")
        // x = m · 2^e with m in [1, 2); ln m = 2·atanh(s), s = (m − 1)/(m + 1) ∈ [0, 1/3).
        let e = Double(x.exponent)
        let m = x.significand
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        var term = s
        var sum = 0.0
        var k = 1.0
        while k < 40 {
            sum += term / k
            term *= s2
            k += 2
        }
        return 2 * sum + e * ln2
    }

    /// Sine of any finite angle in radians (Taylor series after reduction to [−π, π]).
    static func sin(_ x: Double) -> Double {
        let twoPi = 2 * pi
        let r = x - twoPi * (x / twoPi).rounded()
        let r2 = r * r
        var term = r
        var sum = r
        var n = 1.0
        while n < 30 {
            term *= -r2 / ((n + 1) * (n + 2))
            sum += term
            n += 2
        }
        return sum
    }

    static func cos(_ x: Double) -> Double { sin(x + pi / 2) }
}
