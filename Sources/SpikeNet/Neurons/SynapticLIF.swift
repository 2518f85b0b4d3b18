/// TSSL-BP's LIF with a first-order synaptic PSC (Zhang & Li 2020, Eq. 3–6): `u[t] = (1 − 1/τm)·u_post[t−1] + I[t]`,
/// `s = H(u − Vth)`, and the layer outputs the PSC `a[t] = (1 − 1/τs)·a[t−1] + s[t]/τs`.
public struct SynapticLIF: SynapticNeuron {
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
    public var synapticTau: Float? { tauS }

    @inline(__always) public func charge(_ v: Float, _ x: Float) -> Float { decay * v + x }
    @inline(__always) public func fire(_ u: Float) -> Float { u >= threshold ? 1 : 0 }
    @inline(__always) public func reset(_ u: Float, spike: Float) -> Float {
        u - spike * (reset == .zero ? u : threshold)
    }

    public static let kind = "synaptic_lif"
    public static let checkpointKey = "synapticLIF"
    public static let keys = ["tau_m", "tau_s", "threshold", "reset"]

    public init(constants c: any ConstantReader) throws {
        let d = SynapticLIF()
        self.init(tauM: try c.number("tau_m", allowed: "≥ 1") { $0 >= 1 } ?? d.tauM,
                  tauS: try c.number("tau_s", allowed: "≥ 1") { $0 >= 1 } ?? d.tauS,
                  threshold: try c.number("threshold", allowed: "> 0") { $0 > 0 } ?? d.threshold,
                  reset: try c.reset() ?? d.reset)
    }
}

extension Neuron {
    public static func synapticLIF(_ n: SynapticLIF) -> Neuron { Neuron(n) }
}
