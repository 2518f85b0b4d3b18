import Foundation

/// TSSL-BP (Zhang & Li 2020): errors reach the membrane at firing times, through the firing-time shift of the PSC
/// (inter-neuron, Eq. 11–12) and through the reset's effect on the next spike (intra-neuron, Eq. 13–14), with the
/// options by which the authors' reference code (`functions/tsslbp.py`) differs from the paper.
/// Trains any `SynapticNeuron`.
public struct TSSLBP: LearningRuleModel {
    /// How a layer that hardly fires still learns to fire: its error goes through a sigmoid surrogate instead.
    public enum WarmUp: String, Sendable, Codable, Hashable, CaseIterable {
        /// The paper: errors only at firing times.
        case none
        /// The whole layer while its firing rate (spikes per neuron and step, over the batch) is ≤ `warmUpRate`.
        case layerRate = "layer_rate"
        /// The reference code: each element while its own PSC is below 1/(4τs).
        case perElement = "per_element"
    }

    /// The reference code's ∂t/∂u: −clamp(−1/Δu, −8, 0) (Δu = 0 gives 8, Δu < 0 gives 0); the paper's is 1/Δu
    /// where Δu > 0 (default: the paper).
    public var clampTimeDerivative: Bool
    /// The reference code's recurrence at every step instead of only at firing times: silent steps also get
    /// c·(E + θ·R/τm) and the error of the next spike through the membrane leak, θ·(1 − 1/τm) (default: the paper).
    public var leak: Bool
    public var warmUp: WarmUp
    /// The firing rate at or below which `layerRate` warms a layer up (0.05 as in the ALIF variant of the code).
    public var warmUpRate: Float
    /// Temperature of the warm-up sigmoid (0.2 in the reference code).
    public var warmUpWidth: Float

    /// Defaults: the paper, except the warm-up, without which a network that hardly fires never learns to.
    public init(clampTimeDerivative: Bool = false, leak: Bool = false, warmUp: WarmUp = .perElement,
                warmUpRate: Float = 0.05, warmUpWidth: Float = 0.2) {
        self.clampTimeDerivative = clampTimeDerivative
        self.leak = leak
        self.warmUp = warmUp
        self.warmUpRate = warmUpRate
        self.warmUpWidth = warmUpWidth
    }

    enum CodingKeys: String, CodingKey { case clampTimeDerivative, leak, warmUp, warmUpRate, warmUpWidth }

    /// Checkpoints saved before the options existed stored `warmUp` as a flag (on = per element).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = TSSLBP()
        let warm = try? c.decode(Bool.self, forKey: .warmUp)
        self.init(clampTimeDerivative: try c.decode(Bool.self, forKey: .clampTimeDerivative),
                  leak: try c.decodeIfPresent(Bool.self, forKey: .leak) ?? d.leak,
                  warmUp: try warm.map { $0 ? .perElement : .none } ?? c.decode(WarmUp.self, forKey: .warmUp),
                  warmUpRate: try c.decodeIfPresent(Float.self, forKey: .warmUpRate) ?? d.warmUpRate,
                  warmUpWidth: try c.decode(Float.self, forKey: .warmUpWidth))
    }

    public static let kind = "tssl"
    public static let name = "tssl-bp"
    public static let keys = ["clamp_time_derivative", "leak", "warm_up", "warm_up_rate", "warm_up_width"]

    public init(constants c: any ConstantReader) throws {
        let d = TSSLBP()
        let modes = WarmUp.allCases.map(\.rawValue)
        // `warm_up: true/false` (before the modes existed) still means per element / none.
        let legacy = try? c.flag("warm_up")
        let warm = try legacy.map { $0 ? WarmUp.perElement : .none } ?? c.word("warm_up", among: modes).flatMap(WarmUp.init)
        self.init(clampTimeDerivative: try c.flag("clamp_time_derivative") ?? d.clampTimeDerivative,
                  leak: try c.flag("leak") ?? d.leak,
                  warmUp: warm ?? d.warmUp,
                  warmUpRate: try c.number("warm_up_rate", allowed: "in [0, 1]") { (0...1).contains($0) } ?? d.warmUpRate,
                  warmUpWidth: try c.number("warm_up_width", allowed: "> 0") { $0 > 0 } ?? d.warmUpWidth)
    }

    public static func trains(_ neuron: any NeuronModel.Type) -> Bool { neuron is any SynapticNeuron.Type }
    public var saves: SavedTraces { [.membrane, .change] }
    public var readsLayerFiringRate: Bool { warmUp == .layerRate }

    /// Per neuron, backwards in time, with E[t] = Σ_{k≥t} ε[k−t]·∂L/∂a[k] (ε the discrete PSC kernel), c[t] the
    /// time derivative and R the reset amount (Vth, or u[t] when resetting to zero):
    /// δ[t] = c·(E + θ·R/τm) at a firing step (plus, with `leak`, at silent steps too, with θ·(1 − 1/τm) added),
    /// and θ, the δ of the next spike, is set at each spike and decays by (1 − 1/τm) on each silent step (the code:
    /// `theta = grad_tmp*out + theta*(1-out)*(1-theta_m)`). Warm-up replaces δ by E·σ′(u).
    public func backward(_ neuron: any NeuronModel, _ p: RuleBackward, range: Range<Int>) {
        let n = neuron as! any SynapticNeuron
        let (tauM, tauS, threshold, resetToZero) = (n.tauM, n.tauS, n.threshold, n.reset == .zero)
        let (decay, pscDecay) = (1 - 1 / tauM, 1 - 1 / tauS)
        let lowPSC = 1 / (4 * tauS)
        let perElement = warmUp == .perElement
        let (grad, u, s, du, a, gu) = (p.grad, p.u, p.s, p.du, p.a, p.gu)
        if warmUp == .layerRate && p.layerFiringRate <= warmUpRate {  // the whole layer warms up
            NeuronForward.forEachBlock(range, states: 1) { first, count, e in
                for t in p.backwards {
                    let k0 = t * p.width + first
                    for j in 0..<count {
                        e[j] = grad[k0 &+ j] / tauS + pscDecay * e[j]
                        gu[k0 &+ j] = e[j] * warmUpDerivative(u[k0 &+ j], threshold: threshold)
                    }
                }
            }
            return
        }
        NeuronForward.forEachBlock(range, states: 2) { first, count, state in
            let e = state, theta = state + NeuronForward.blockSize
            for t in p.backwards {
                let k0 = t * p.width + first
                for j in 0..<count {
                    let k = k0 &+ j
                    e[j] = grad[k] / tauS + pscDecay * e[j]
                    let fired = s[k] != 0
                    var delta: Float = 0
                    if fired || leak {
                        let resetAmount = resetToZero ? u[k] : threshold
                        delta = timeDerivative(du[k]) * (e[j] + theta[j] * resetAmount / tauM)
                        if !fired { delta += theta[j] * decay }
                    }
                    theta[j] = fired ? delta : theta[j] * decay
                    gu[k] = perElement && a[k] < lowPSC ? e[j] * warmUpDerivative(u[k], threshold: threshold) : delta
                }
            }
        }
    }

    /// −∂t/∂u at a step whose membrane rose by `change`.
    @inline(__always) func timeDerivative(_ change: Float) -> Float {
        clampTimeDerivative ? -min(max(-1 / change, -8), 0) : (change > 0 ? 1 / change : 0)
    }

    /// The reference code's warm-up sigmoid: its exponent clamped to ±8.
    @inline(__always) func warmUpDerivative(_ u: Float, threshold: Float) -> Float {
        let f = exp(min(max((threshold - u) / warmUpWidth, -8), 8))
        return f / ((1 + f) * (1 + f) * warmUpWidth)
    }
}

extension LearningRule {
    public static func tssl(_ r: TSSLBP) -> LearningRule { LearningRule(r) }
}
