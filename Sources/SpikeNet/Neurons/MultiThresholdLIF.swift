/// Multi-threshold LIF (Xu et al. 2021, Eq. 4–5): `u[t] = (1 − 1/τm)·u_post[t−1] + I[t]`,
/// `s = clamp(floor(u/Vth), 0, S_max)` spikes in one step, reset by `s·Vth`.
public struct MultiThresholdLIF: NeuronModel {
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

    @inline(__always) public func charge(_ v: Float, _ x: Float) -> Float { decay * v + x }
    @inline(__always) public func fire(_ u: Float) -> Float {
        min(max((u / threshold).rounded(.down), 0), Float(maxSpikes))
    }
    @inline(__always) public func reset(_ u: Float, spike: Float) -> Float { u - threshold * spike }

    public static let kind = "multi_threshold"
    public static let checkpointKey = "multiThreshold"
    public static let keys = ["tau_m", "threshold", "max_spikes"]

    public init(constants c: any ConstantReader) throws {
        let d = MultiThresholdLIF()
        self.init(tauM: try c.number("tau_m", allowed: "≥ 1") { $0 >= 1 } ?? d.tauM,
                  threshold: try c.number("threshold", allowed: "> 0") { $0 > 0 } ?? d.threshold,
                  maxSpikes: try c.integer("max_spikes", allowed: "in 1…255") { (1...255).contains($0) } ?? d.maxSpikes)
    }
}

extension Neuron {
    public static func multiThreshold(_ n: MultiThresholdLIF) -> Neuron { Neuron(n) }
}
