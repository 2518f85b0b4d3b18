/// BPSA (Shen et al. 2022, Eq. 9: ∂s/∂u = 1/u where the neuron fired, else 0) with the BPTA temporal residual
/// (Eq. 10: ∂u[t+1]/∂u[t] = λ·[(1 − s[t]) + α·∂s/∂u[t]]); α = 0 is BPSA alone. Trains any `LeakyNeuron`.
public struct BPSA: LearningRuleModel {
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

    public static let kind = "bpsa"
    public static let keys = ["alpha", "warm_up", "warm_up_width"]

    public init(constants c: any ConstantReader) throws {
        let d = BPSA()
        self.init(alpha: try c.number("alpha", allowed: "≥ 0") { $0 >= 0 } ?? d.alpha,
                  warmUp: try c.flag("warm_up") ?? d.warmUp,
                  warmUpWidth: try c.number("warm_up_width", allowed: "> 0") { $0 > 0 } ?? d.warmUpWidth)
    }

    public static func trains(_ neuron: any NeuronModel.Type) -> Bool { neuron is any LeakyNeuron.Type }
    public var saves: SavedTraces { [.membrane] }

    public func backward(_ neuron: any NeuronModel, _ p: RuleBackward, range: Range<Int>) {
        let n = neuron as! any LeakyNeuron
        let resetToZero = n.reset == .zero
        let warm = SigmoidSurrogate(a: warmUpWidth)
        let (decay, threshold) = (n.decay, n.threshold)
        let (grad, u, s, gu) = (p.grad, p.u, p.s, p.gu)
        NeuronForward.forEachBlock(range, states: 2) { first, count, state in
            let carry = state, fired = state + NeuronForward.blockSize
            for t in 0..<p.steps {
                for j in 0..<count { fired[j] = max(fired[j], Float(s[t * p.width + first + j])) }
            }
            for t in p.backwards {
                let k0 = t * p.width + first
                for j in 0..<count {
                    let k = k0 &+ j
                    let silent = warmUp && fired[j] == 0
                    let h: Float = silent ? warm.derivative(u[k], threshold: threshold) : (s[k] != 0 ? 1 / u[k] : 0)
                    let keep: Float = resetToZero ? 1 - Float(s[k]) : 1
                    let g = grad[k] * h + carry[j] * (keep + alpha * h)
                    gu[k] = g
                    carry[j] = decay * g
                }
            }
        }
    }
}

extension LearningRule {
    public static func bpsa(_ r: BPSA) -> LearningRule { LearningRule(r) }
}
