import SpikeFormats
import SpikeNet

/// How a case's rule and hyper-parameters map onto the engine's neuron, rule and loss.
extension GradientCase {
    struct RuleSetup {
        var neuron: Neuron
        var rule: LearningRule
        var loss: Loss
        var options: LossOptions
        var vote = 1
    }

    static func ruleSetup(_ rule: String, _ keys: CaseKeys, outputs: Int) throws(GradientCaseError) -> RuleSetup {
        let threshold = try keys.number("Vth", 1)
        let reduction: LossOptions.Reduction = try keys.option("loss_reduction", 0, allowed: 0...1) == 1 ? .sum : .mean
        switch rule {
        case "stbp-h1", "stbp-h2", "stbp-h3", "stbp-h4":
            let a = try keys.number("a", 1)
            let surrogate: Surrogate = switch rule {
            case "stbp-h1": .rectangular(width: a)
            case "stbp-h2": Surrogate(TriangularSurrogate(a: a))
            case "stbp-h3": Surrogate(SigmoidSurrogate(a: a))
            default: .gaussian(variance: a)
            }
            return RuleSetup(neuron: .lif(LIF(decay: try keys.number("tau", 0.5), threshold: threshold, reset: .zero)),
                             rule: .stbp(STBP(surrogate: surrogate, detachReset: try keys.option("detach_reset", 0, allowed: 0...1) == 1)),
                             loss: .rateMSE, options: LossOptions(reduction: reduction))
        case "bpsa", "bpsa-bpta":
            let alpha = rule == "bpsa" ? 0 : try keys.number("alpha", 0.2)
            // BPSA Eq. 5 has no ½; the BP-STA code's nn.MSELoss also averages over classes.
            return RuleSetup(neuron: .lif(LIF(decay: try keys.number("lam", 0.9), threshold: threshold, reset: .zero)),
                             rule: .bpsa(BPSA(alpha: alpha, warmUp: false)), loss: .rateMSE,
                             options: LossOptions(reduction: reduction, halve: false,
                                                  classMean: try keys.option("loss_class_mean", 0, allowed: 0...1) == 1),
                             vote: try keys.option("vote", 1, allowed: 1...max(outputs, 1)))
        case "tssl":
            let tauS = try keys.number("tau_s", 3)
            let neuron = SynapticLIF(tauM: try keys.number("tau_m", 5), tauS: tauS, threshold: threshold,
                                     reset: try keys.option("tssl_reset", 0, allowed: 0...1) == 1 ? .zero : .subtract)
            let warmUp: [TSSLBP.WarmUp] = [.none, .layerRate, .perElement]
            let tssl = TSSLBP(clampTimeDerivative: try keys.option("tssl_clamp", 0, allowed: 0...1) == 1,
                              leak: try keys.option("tssl_leak", 0, allowed: 0...1) == 1,
                              warmUp: warmUp[try keys.option("tssl_warmup", 0, allowed: 0...2)],
                              warmUpRate: try keys.number("tssl_warmup_rate", 0.05), warmUpWidth: try keys.number("tssl_sig_a", 0.2))
            return RuleSetup(neuron: .synapticLIF(neuron), rule: .tssl(tssl), loss: .psc(target: 0, other: 0, tauS: tauS),
                             options: LossOptions(reduction: reduction))
        default:  // mt-f1…f3
            let curve = MultiThresholdRule.Curve(rawValue: String(rule.dropFirst(3)))!
            let modes: [MultiThresholdRule.Training] = [.paper, .bpttDetachedReset, .bptt]
            let neuron = MultiThresholdLIF(tauM: try keys.number("tau_m", 5), threshold: threshold,
                                           maxSpikes: try keys.option("S_max", 3, allowed: 1...255))
            let mt = MultiThresholdRule(curve: curve, alphaH: try keys.number("alpha_H", 1), alphaW: try keys.number("alpha_W", 20),
                                        training: modes[try keys.option("mt_mode", 0, allowed: 0...2)])
            return RuleSetup(neuron: .multiThreshold(neuron), rule: .multiThreshold(mt),
                             loss: .perStepMSE(target: 0, other: 0), options: LossOptions(reduction: reduction))
        }
    }

    /// The loss's desired values from `y`: `[B, K]` rates (stbp, bpsa), else `[T·B, K]` time-major — TSSL's desired
    /// spikes filtered by the PSC kernel, multi-threshold's per-step outputs.
    static func desired(_ keys: CaseKeys, rule: String, steps: Int, batch: Int, classes: Int,
                        tauS: Float?) throws(GradientCaseError) -> Tensor {
        let y = try keys.array("y")
        if rule.hasPrefix("stbp") || rule.hasPrefix("bpsa") {
            guard y.shape == [batch, classes] else { throw .badShape(path: keys.path, key: "y", expected: "(\(batch), \(classes))", found: y.shape) }
            return Tensor(shape: [batch, classes], data: y.values.map(Float.init))
        }
        guard y.shape == [steps, batch, classes] else {
            throw .badShape(path: keys.path, key: "y", expected: "(\(steps), \(batch), \(classes))", found: y.shape)
        }
        var values = y.values.map(Float.init)
        if let tauS {
            for column in 0..<batch * classes {
                let psc = Loss.filteredPSC((0..<steps).map { values[$0 * batch * classes + column] }, tauS: tauS)
                for t in 0..<steps { values[t * batch * classes + column] = psc[t] }
            }
        }
        return Tensor(shape: [steps * batch, classes], data: values)
    }
}
