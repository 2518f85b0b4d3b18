import Foundation

/// Multi-threshold BP (Xu et al. 2021): surrogates f1–f3 for ∂s/∂u (Eq. 14–16). In the paper's training the
/// weights learn from the trace of Eq. 12 and the layer below receives Eq. 9's error; the two surrogate-BPTT
/// trainings backpropagate through time instead. Trains `MultiThresholdLIF`.
public struct MultiThresholdRule: LearningRuleModel {
    public enum Curve: String, Sendable, Codable, Hashable, CaseIterable { case f1, f2, f3 }
    public enum Training: String, Sendable, Codable, Hashable, CaseIterable {
        /// Eq. 9–13: per-step errors, forward eligibility trace.
        case paper
        /// Surrogate BPTT with the reset's spikes detached: ∂u[t+1]/∂u[t] = λ.
        case bpttDetachedReset = "bptt_detached_reset"
        /// Surrogate BPTT through the reset: ∂u[t+1]/∂u[t] = λ·(1 − Vth·f(u[t])).
        case bptt
    }
    public var curve: Curve
    public var alphaH: Float
    public var alphaW: Float
    public var training: Training

    /// Defaults: the paper's experiments (f2, α_H 1, α_W 20) and its training.
    public init(curve: Curve = .f2, alphaH: Float = 1, alphaW: Float = 20, training: Training = .paper) {
        self.curve = curve
        self.alphaH = alphaH
        self.alphaW = alphaW
        self.training = training
    }

    enum CodingKeys: String, CodingKey { case curve, alphaH, alphaW, training }

    /// Checkpoints saved before `training` existed were trained the paper's way.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(curve: try c.decode(Curve.self, forKey: .curve), alphaH: try c.decode(Float.self, forKey: .alphaH),
                  alphaW: try c.decode(Float.self, forKey: .alphaW),
                  training: try c.decodeIfPresent(Training.self, forKey: .training) ?? .paper)
    }

    public static let kind = "multi_threshold"
    public static let checkpointKey = "multiThreshold"
    public static let keys = ["curve", "alpha_h", "alpha_w", "training"]

    public init(constants c: any ConstantReader) throws {
        let d = MultiThresholdRule()
        self.init(curve: try c.word("curve", among: Curve.allCases.map(\.rawValue)).flatMap(Curve.init) ?? d.curve,
                  alphaH: try c.number("alpha_h", allowed: "> 0") { $0 > 0 } ?? d.alphaH,
                  alphaW: try c.number("alpha_w", allowed: "> 0") { $0 > 0 } ?? d.alphaW,
                  training: try c.word("training", among: Training.allCases.map(\.rawValue)).flatMap(Training.init)
                    ?? d.training)
    }

    public static func trains(_ neuron: any NeuronModel.Type) -> Bool { neuron == MultiThresholdLIF.self }
    public var saves: SavedTraces { [.membrane] }
    public var propagatesSeparately: Bool { training == .paper }

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
        guard training == .paper else { return backpropagateThroughTime(n, p, range: range) }
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

extension MultiThresholdRule {
    /// ∂L/∂u[t] = ∂L/∂s[t]·f(u[t]) + λ·∂L/∂u[t+1]·∂v[t]/∂u[t], v = u − Vth·s the membrane after the reset.
    private func backpropagateThroughTime(_ n: MultiThresholdLIF, _ p: RuleBackward, range: Range<Int>) {
        let throughReset: Float = training == .bptt ? 1 : 0
        let (grad, u, gu) = (p.grad, p.u, p.gu)
        NeuronForward.forEachBlock(range, states: 1) { first, count, carry in
            for t in p.backwards {
                let k0 = t * p.width + first
                for j in 0..<count {
                    let k = k0 &+ j
                    let f = derivative(u[k], n)
                    let g = grad[k] * f + carry[j] * (1 - throughReset * n.threshold * f)
                    gu[k] = g
                    carry[j] = n.decay * g
                }
            }
        }
    }
}

extension LearningRule {
    public static func multiThreshold(_ r: MultiThresholdRule) -> LearningRule { LearningRule(r) }
}
