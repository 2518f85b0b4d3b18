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
    public var saves: SavedTraces { [.membrane, .spikes] }

    public func backward(_ neuron: any NeuronModel, _ p: RuleBackward, range: Range<Int>) {
        let leaky = neuron as! any LeakyNeuron
        loop(leaky, surrogate.function, p, range: range)
    }

    /// One copy of the loop per neuron model and surrogate (generic, specialised), so the inner loop has no
    /// dynamic dispatch and can be vectorised.
    private func loop<N: LeakyNeuron, H: SurrogateFunction>(_ n: N, _ h: H, _ p: RuleBackward, range: Range<Int>) {
        // Branch-free form of the reset path: u_post = u − s·(z·u + (1 − z)·Vth), z = 1 for reset to zero.
        let z: Float = n.reset == .zero ? 1 : 0
        let reset: Float = detachReset ? 0 : 1
        let (decay, threshold) = (n.decay, n.threshold)
        let (grad, u, s, gu) = (p.grad, p.u, p.s, p.gu)
        NeuronForward.forEachBlock(range, states: 1) { first, count, carry in
            // carry = ∂L/∂u_post[t] = decay·∂L/∂u[t+1]
            for t in p.backwards {
                let k0 = t * p.width + first
                for j in 0..<count {
                    let k = k0 &+ j
                    let d = h.derivative(u[k], threshold: threshold)
                    let throughReset = reset * (z * u[k] + (1 - z) * threshold) * d
                    let keep = 1 - z * Float(s[k])
                    let g = grad[k] * d + carry[j] * (keep - throughReset)
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
