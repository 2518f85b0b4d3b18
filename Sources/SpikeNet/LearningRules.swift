import Foundation

/// STBP's surrogates for ∂s/∂u (Wu et al. 2018, Eq. 23–26), each integrating to 1 over u, centred on Vth.
public enum Surrogate: Sendable, Codable, Hashable {
    /// h1: 1/a on |u − Vth| < a/2.
    case rectangular(width: Float)
    /// h2: (√a/2 − a/4·|u − Vth|) on |u − Vth| < 2/√a.
    case triangular(a: Float)
    /// h3: the derivative of the sigmoid with temperature a.
    case sigmoid(a: Float)
    /// h4: the Gaussian density with variance a.
    case gaussian(variance: Float)

    public func derivative(_ u: Float, threshold: Float) -> Float {
        let d = u - threshold
        switch self {
        case let .rectangular(a):
            return abs(d) < a / 2 ? 1 / a : 0
        case let .triangular(a):
            let r = a.squareRoot()
            return abs(d) < 2 / r ? r / 2 - a / 4 * abs(d) : 0
        case let .sigmoid(a):
            let e = exp(-abs(d) / a)  // symmetric, so |d| keeps exp from overflowing
            return e / (a * (1 + e) * (1 + e))
        case let .gaussian(v):
            return exp(-d * d / (2 * v)) / (2 * Float.pi * v).squareRoot()
        }
    }
}

/// Spatio-temporal backpropagation: full BPTT through the leak and, unless `detachReset`, through the reset.
public struct STBP: Sendable, Codable, Hashable {
    public var surrogate: Surrogate
    /// Off (paper, Eq. 18): the reset path u_post = u·(1 − s) carries gradient. On: many implementations' shortcut.
    public var detachReset: Bool

    public init(surrogate: Surrogate = .rectangular(width: 1), detachReset: Bool = false) {
        self.surrogate = surrogate
        self.detachReset = detachReset
    }
}

/// BPSA (Shen et al. 2022, Eq. 9: ∂s/∂u = 1/u where the neuron fired, else 0) with the BPTA temporal residual
/// (Eq. 10: ∂u[t+1]/∂u[t] = λ·[(1 − s[t]) + α·∂s/∂u[t]]); α = 0 is BPSA alone.
public struct BPSA: Sendable, Codable, Hashable {
    public var alpha: Float
    /// The paper warms up "as TSSL-BP does": a neuron that stays silent through a sample's whole window gets a
    /// sigmoid surrogate for ∂s/∂u instead of Eq. 9's 0, so a layer that hardly fires can still learn to fire
    /// (without it a silent output neuron never receives an error).
    public var warmUp: Bool
    /// Temperature of the warm-up sigmoid.
    public var warmUpWidth: Float

    public init(alpha: Float = 0.2, warmUp: Bool = true, warmUpWidth: Float = 0.2) {
        self.alpha = alpha
        self.warmUp = warmUp
        self.warmUpWidth = warmUpWidth
    }

    /// Configs saved before the warm-up existed (only `alpha`) decode with it off, as they were trained.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(alpha: try c.decode(Float.self, forKey: .alpha),
                  warmUp: try c.decodeIfPresent(Bool.self, forKey: .warmUp) ?? false,
                  warmUpWidth: try c.decodeIfPresent(Float.self, forKey: .warmUpWidth) ?? 0.2)
    }
}

/// TSSL-BP (Zhang & Li 2020): errors reach the membrane only at firing times, through the firing-time shift of
/// the PSC (inter-neuron, Eq. 11–12) and through the reset's effect on the next spike (intra-neuron, Eq. 13–14).
public struct TSSLBP: Sendable, Codable, Hashable {
    /// The reference code clamps ∂t/∂u = −1/Δu to [−8, 0]; the paper does not (default off).
    public var clampTimeDerivative: Bool
    /// While a neuron's PSC is below 1/(4τs) (the reference code's level), its error goes through a sigmoid
    /// surrogate instead, so a network that hardly fires yet still learns to fire.
    public var warmUp: Bool
    /// Temperature of the warm-up sigmoid (0.2 in the reference code).
    public var warmUpWidth: Float

    public init(clampTimeDerivative: Bool = false, warmUp: Bool = true, warmUpWidth: Float = 0.2) {
        self.clampTimeDerivative = clampTimeDerivative
        self.warmUp = warmUp
        self.warmUpWidth = warmUpWidth
    }

    static let timeDerivativeClamp: Float = 8
}

/// Multi-threshold surrogates for ∂s/∂u (Xu et al. 2021, Eq. 14–16).
public struct MultiThresholdRule: Sendable, Codable, Hashable {
    public enum Curve: String, Sendable, Codable, Hashable { case f1, f2, f3 }
    public var curve: Curve
    public var alphaH: Float
    public var alphaW: Float

    /// Defaults: the paper's experiments (f2, α_H 1, α_W 20).
    public init(curve: Curve = .f2, alphaH: Float = 1, alphaW: Float = 20) {
        self.curve = curve
        self.alphaH = alphaH
        self.alphaW = alphaW
    }

    func derivative(_ u: Float, _ n: MultiThresholdLIF) -> Float {
        let vth = n.threshold, smax = Float(n.maxSpikes)
        switch curve {
        case .f1, .f2:
            var s: Float = 0
            for i in 1...max(1, n.maxSpikes) {
                let fi = Float(i), d = u - fi * vth
                s += curve == .f1 ? fi * alphaH * exp(-d * d / (alphaW / fi)) : alphaH * exp(-d * d / alphaW)
            }
            return s
        case .f3:
            if u < 0 || u >= (smax + 1) * vth { return 0 }
            if u < vth { return alphaH * u / vth }
            if u < smax * vth { return alphaH }
            return alphaH * (smax + 1 - u / vth)
        }
    }
}

/// A learning rule, paired with a compatible neuron inside a `SpikingLayer`.
public enum LearningRule: Sendable, Codable, Hashable {
    case stbp(STBP)
    case bpsa(BPSA)
    case tssl(TSSLBP)
    case multiThreshold(MultiThresholdRule)

    public var name: String {
        switch self {
        case .stbp: "stbp"
        case .bpsa: "bpsa"
        case .tssl: "tssl-bp"
        case .multiThreshold: "multi-threshold"
        }
    }

    /// Whether this rule can train `neuron`.
    public func supports(_ neuron: Neuron) -> Bool {
        switch (self, neuron) {
        case (.stbp, .lif), (.bpsa, .lif), (.tssl, .synapticLIF), (.multiThreshold, .multiThreshold): true
        default: false
        }
    }
}
