/// TSSL-BP (Zhang & Li 2020): errors reach the membrane only at firing times, through the firing-time shift of
/// the PSC (inter-neuron, Eq. 11–12) and through the reset's effect on the next spike (intra-neuron, Eq. 13–14).
/// Trains any `SynapticNeuron`.
public struct TSSLBP: LearningRuleModel {
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

    public static let kind = "tssl"
    public static let name = "tssl-bp"
    public static let keys = ["clamp_time_derivative", "warm_up", "warm_up_width"]

    public init(constants c: any ConstantReader) throws {
        let d = TSSLBP()
        self.init(clampTimeDerivative: try c.flag("clamp_time_derivative") ?? d.clampTimeDerivative,
                  warmUp: try c.flag("warm_up") ?? d.warmUp,
                  warmUpWidth: try c.number("warm_up_width", allowed: "> 0") { $0 > 0 } ?? d.warmUpWidth)
    }

    public static func trains(_ neuron: any NeuronModel.Type) -> Bool { neuron is any SynapticNeuron.Type }
    public var saves: SavedTraces { [.membrane, .change] }

    /// With E[m] = Σ_{k≥m} ε[k−m]·∂L/∂a[k] (ε the discrete PSC kernel), a neuron that fired at m gets
    /// δu[m] = (E[m] + δu[p]·R·(1/τm)·(1−1/τm)^{p−m}) / Δu[m], p its next firing time and R the reset amount
    /// (Vth, or u[m] when resetting to zero); 1/Δu[m] is −∂t_m/∂u[m]. Silent steps get 0, or the warm-up
    /// sigmoid surrogate E[m]·σ′(u[m]) while the neuron's PSC is below 1/(4τs).
    public func backward(_ neuron: any NeuronModel, _ p: RuleBackward, range: Range<Int>) {
        let n = neuron as! any SynapticNeuron
        let warm = SigmoidSurrogate(a: warmUpWidth)
        let (tauM, tauS, threshold, resetToZero) = (n.tauM, n.tauS, n.threshold, n.reset == .zero)
        let (decay, pscDecay) = (1 - 1 / tauM, 1 - 1 / tauS)
        let lowPSC = 1 / (4 * tauS)
        let (grad, u, s, du, a, gu) = (p.grad, p.u, p.s, p.du, p.a, p.gu)
        NeuronForward.forEachBlock(range, states: 2) { first, count, state in
            let e = state, nextDelta = state + NeuronForward.blockSize  // δu at the next firing time, decayed
            for t in p.backwards {
                let k0 = t * p.width + first
                for j in 0..<count {
                    let k = k0 &+ j
                    e[j] = grad[k] / tauS + pscDecay * e[j]
                    var delta: Float = 0
                    if s[k] != 0 {
                        var inverse: Float = du[k] > 0 ? 1 / du[k] : 0
                        if clampTimeDerivative { inverse = min(inverse, TSSLBP.timeDerivativeClamp) }
                        let resetAmount = resetToZero ? u[k] : threshold
                        delta = (e[j] + nextDelta[j] * resetAmount / tauM) * inverse
                        nextDelta[j] = delta
                    }
                    gu[k] = warmUp && a[k] < lowPSC ? e[j] * warm.derivative(u[k], threshold: threshold) : delta
                    nextDelta[j] *= decay
                }
            }
        }
    }
}

extension LearningRule {
    public static func tssl(_ r: TSSLBP) -> LearningRule { LearningRule(r) }
}
