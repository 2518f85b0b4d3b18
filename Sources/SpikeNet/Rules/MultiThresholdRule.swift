import Foundation

/// Multi-threshold BP (Xu et al. 2021): surrogates f1–f3 for ∂s/∂u (Eq. 14–16), the weights learn from the
/// trace of Eq. 12 and the layer below receives Eq. 9's error. Trains `MultiThresholdLIF`.
public struct MultiThresholdRule: LearningRuleModel {
    public enum Curve: String, Sendable, Codable, Hashable, CaseIterable { case f1, f2, f3 }
    public var curve: Curve
    public var alphaH: Float
    public var alphaW: Float

    /// Defaults: the paper's experiments (f2, α_H 1, α_W 20).
    public init(curve: Curve = .f2, alphaH: Float = 1, alphaW: Float = 20) {
        self.curve = curve
        self.alphaH = alphaH
        self.alphaW = alphaW
    }

    public static let kind = "multi_threshold"
    public static let checkpointKey = "multiThreshold"
    public static let keys = ["curve", "alpha_h", "alpha_w"]

    public init(constants c: any ConstantReader) throws {
        let d = MultiThresholdRule()
        self.init(curve: try c.word("curve", among: Curve.allCases.map(\.rawValue)).flatMap(Curve.init) ?? d.curve,
                  alphaH: try c.number("alpha_h", allowed: "> 0") { $0 > 0 } ?? d.alphaH,
                  alphaW: try c.number("alpha_w", allowed: "> 0") { $0 > 0 } ?? d.alphaW)
    }

    public static func trains(_ neuron: any NeuronModel.Type) -> Bool { neuron == MultiThresholdLIF.self }
    public var saves: SavedTraces { [.membrane] }
    public var propagatesSeparately: Bool { true }

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

    public func backward(_ neuron: any NeuronModel, _ p: RuleBackward, range: Range<Int>) {
        let n = neuron as! MultiThresholdLIF
        let (grad, u, gu, down) = (p.grad, p.u, p.gu, p.down)
        NeuronForward.forEachBlock(range, states: 1) { first, count, trace in
            // Eq. 12 run backwards: q[t] = (δ[t] + decay·q[t+1]) / (1 + f·Vth)
            for t in p.backwards {
                let k0 = t * p.width + first
                for j in 0..<count {
                    let k = k0 &+ j
                    let f = derivative(u[k], n)
                    let delta = grad[k] * f
                    down?[k] = delta
                    trace[j] = (delta + n.decay * trace[j]) / (1 + f * n.threshold)
                    gu[k] = trace[j]
                }
            }
        }
    }
}

extension LearningRule {
    public static func multiThreshold(_ r: MultiThresholdRule) -> LearningRule { LearningRule(r) }
}
