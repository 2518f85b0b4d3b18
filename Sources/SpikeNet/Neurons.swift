/// How a neuron's membrane is reset after a spike.
public enum Reset: String, Sendable, Codable, Hashable {
    /// u ← 0 (STBP, BPSA, the TSSL-BP reference code).
    case zero
    /// u ← u − Vth·s (TSSL-BP paper, multi-threshold).
    case subtract
}

/// Iterative LIF of STBP (Wu et al. 2018, Eq. 4–5): `u[t] = decay·u_post[t−1] + I[t]`, `s = H(u − Vth)`.
/// BPSA uses the same neuron with λ = 0.9, Vth = 0.5, reset to zero.
public struct LIF: Sendable, Codable, Hashable {
    public var decay: Float
    public var threshold: Float
    public var reset: Reset

    /// Defaults: the STBP authors' published configuration (decay 0.2, threshold 0.5, reset to zero).
    public init(decay: Float = 0.2, threshold: Float = 0.5, reset: Reset = .zero) {
        self.decay = decay
        self.threshold = threshold
        self.reset = reset
    }
}

/// TSSL-BP's LIF with a first-order synaptic PSC (Zhang & Li 2020, Eq. 3–6): `u[t] = (1 − 1/τm)·u_post[t−1] + I[t]`,
/// `s = H(u − Vth)`, and the layer outputs the PSC `a[t] = (1 − 1/τs)·a[t−1] + s[t]/τs`.
public struct SynapticLIF: Sendable, Codable, Hashable {
    public var tauM: Float
    public var tauS: Float
    public var threshold: Float
    public var reset: Reset

    /// Defaults: the paper (τm 5, τs 3, Vth 1, reset by subtraction); the reference code resets to zero.
    public init(tauM: Float = 5, tauS: Float = 3, threshold: Float = 1, reset: Reset = .subtract) {
        self.tauM = tauM
        self.tauS = tauS
        self.threshold = threshold
        self.reset = reset
    }

    var decay: Float { 1 - 1 / tauM }
    var pscDecay: Float { 1 - 1 / tauS }
}

/// Multi-threshold LIF (Xu et al. 2021, Eq. 4–5): `u[t] = (1 − 1/τm)·u_post[t−1] + I[t]`,
/// `s = clamp(floor(u/Vth), 0, S_max)` spikes in one step, reset by `s·Vth`.
public struct MultiThresholdLIF: Sendable, Codable, Hashable {
    public var tauM: Float
    public var threshold: Float
    public var maxSpikes: Int

    /// Defaults: Table I of the paper (τm 10, Vth 10, S_max 15).
    public init(tauM: Float = 10, threshold: Float = 10, maxSpikes: Int = 15) {
        self.tauM = tauM
        self.threshold = threshold
        self.maxSpikes = maxSpikes
    }

    var decay: Float { 1 - 1 / tauM }

    func spikes(_ u: Float) -> Float { min(max((u / threshold).rounded(.down), 0), Float(maxSpikes)) }
}

/// A neuron model; any learning rule that supports it can train it.
public enum Neuron: Sendable, Codable, Hashable {
    case lif(LIF)
    case synapticLIF(SynapticLIF)
    case multiThreshold(MultiThresholdLIF)

    public var name: String {
        switch self {
        case .lif: "lif"
        case .synapticLIF: "synaptic-lif"
        case .multiThreshold: "multi-threshold"
        }
    }
}
