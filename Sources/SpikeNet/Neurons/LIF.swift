/// Iterative LIF of STBP (Wu et al. 2018, Eq. 4–5): `u[t] = decay·u_post[t−1] + I[t]`, `s = H(u − Vth)`.
/// BPSA uses the same neuron with λ = 0.9, Vth = 0.5, reset to zero.
public struct LIF: LeakyNeuron {
    public var decay: Float
    public var threshold: Float
    public var reset: Reset

    /// Defaults: the STBP authors' published configuration (decay 0.2, threshold 0.5, reset to zero).
    public init(decay: Float = 0.2, threshold: Float = 0.5, reset: Reset = .zero) {
        self.decay = decay
        self.threshold = threshold
        self.reset = reset
    }

    public static let kind = "lif"
    public static let keys = ["decay", "threshold", "reset"]

    public init(constants c: any ConstantReader) throws {
        let d = LIF()
        self.init(decay: try c.number("decay", allowed: "in [0, 1]") { (0...1).contains($0) } ?? d.decay,
                  threshold: try c.number("threshold", allowed: "> 0") { $0 > 0 } ?? d.threshold,
                  reset: try c.reset() ?? d.reset)
    }
}

extension Neuron {
    public static func lif(_ n: LIF) -> Neuron { Neuron(n) }
}
