/// Spatio-temporal backpropagation (Wu et al. 2018): full BPTT through the leak and, unless `detachReset`,
/// through the reset, with a surrogate h(u) for ∂s/∂u. Trains any `LeakyNeuron`.
public struct STBP: LearningRuleModel {
    public var surrogate: Surrogate
    /// Off (paper, Eq. 18): the reset path u_post = u·(1 − s) carries gradient. On: many implementations' shortcut.
    public var detachReset: Bool

    public init(surrogate: Surrogate = .rectangular(width: 1), detachReset: Bool = false) {
        self.surrogate = surrogate
        self.detachReset = detachReset
    }

    public static let kind = "stbp"
    public static let keys = ["surrogate", "width", "detach_reset"]

    public init(constants c: any ConstantReader) throws {
        self.init(surrogate: try Surrogate(constants: c), detachReset: try c.flag("detach_reset") ?? false)
    }

    public static func trains(_ neuron: any NeuronModel.Type) -> Bool { neuron is any LeakyNeuron.Type }
    public var saves: SavedTraces { [.membrane] }

    public func backward(_ neuron: any NeuronModel, _ p: RuleBackward, range: Range<Int>) {
        let n = neuron as! any LeakyNeuron
        // Branch-free form of the reset path: u_post = u − s·(z·u + (1 − z)·Vth), z = 1 for reset to zero.
        let z: Float = n.reset == .zero ? 1 : 0
        let reset: Float = detachReset ? 0 : 1
        let (decay, threshold, h) = (n.decay, n.threshold, surrogate.function)
        let (grad, u, s, gu) = (p.grad, p.u, p.s, p.gu)
        NeuronForward.forEachBlock(range, states: 2) { first, count, state in
            // carry = ∂L/∂u_post[t] = decay·∂L/∂u[t+1]; d = h(u[t]) for the block, one surrogate call per step
            let carry = state, d = state + NeuronForward.blockSize
            for t in p.backwards {
                let k0 = t * p.width + first
                h.derivatives(u + k0, threshold: threshold, into: d, count: count)
                for j in 0..<count {
                    let k = k0 &+ j
                    let throughReset = reset * (z * u[k] + (1 - z) * threshold) * d[j]
                    let keep = 1 - z * Float(s[k])
                    let g = grad[k] * d[j] + carry[j] * (keep - throughReset)
                    gu[k] = g
                    carry[j] = decay * g
                }
            }
        }
    }
}

extension LearningRule {
    public static func stbp(_ r: STBP) -> LearningRule { LearningRule(r) }
}
