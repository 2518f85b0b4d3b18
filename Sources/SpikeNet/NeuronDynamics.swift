import Foundation

/// The per-neuron time loops: forward dynamics of each neuron model and the backward recurrence of each
/// learning rule. Arrays are `[T, E]`; a worker handles neurons `range` through all T steps. With a `carry` the
/// forward loop starts from the carried state instead of rest and leaves the final state there (streaming).
enum NeuronDynamics {
    static func run(_ neuron: Neuron, input: SharedPointer<Float>, u: SharedPointer<Float>, s: SharedPointer<Float>,
                    du: SharedPointer<Float>, a: SharedPointer<Float>, steps: Int, stride: Int, range: Range<Int>,
                    carry: NeuronCarry? = nil) {
        switch neuron {
        case let .lif(n):
            for i in range {
                var v: Float = carry?.membrane[i] ?? 0
                for t in 0..<steps {
                    let k = t * stride + i
                    let m = n.decay * v + input[k]
                    let spike: Float = m >= n.threshold ? 1 : 0
                    u[k] = m
                    s[k] = spike
                    v = n.reset == .zero ? m * (1 - spike) : m - n.threshold * spike
                }
                carry?.membrane[i] = v
            }
        case let .synapticLIF(n):
            for i in range {
                var v: Float = carry?.membrane[i] ?? 0, current: Float = carry?.current[i] ?? 0
                for t in 0..<steps {
                    let k = t * stride + i
                    let m = n.decay * v + input[k]
                    let spike: Float = m >= n.threshold ? 1 : 0
                    u[k] = m
                    s[k] = spike
                    du[k] = m - v
                    current = n.pscDecay * current + spike / n.tauS
                    a[k] = current
                    v = n.reset == .zero ? m * (1 - spike) : m - n.threshold * spike
                }
                carry?.membrane[i] = v
                carry?.current[i] = current
            }
        case let .multiThreshold(n):
            for i in range {
                var v: Float = carry?.membrane[i] ?? 0
                for t in 0..<steps {
                    let k = t * stride + i
                    let m = n.decay * v + input[k]
                    let spike = n.spikes(m)
                    u[k] = m
                    s[k] = spike
                    v = m - n.threshold * spike
                }
                carry?.membrane[i] = v
            }
        }
    }

    /// What the backward recurrence needs besides the saved arrays.
    struct Saved: Sendable {
        let neuron: Neuron
        let rule: LearningRule
        let steps: Int
        let width: Int

        /// `grad` is ∂L/∂(layer output); writes ∂L/∂I (the input current) into `gu`, and for the multi-threshold
        /// rule the separately propagated error (Eq. 9) into `down`.
        func backward(grad: SharedPointer<Float>, u: SharedPointer<Float>, s: SharedPointer<Float>,
                      du: SharedPointer<Float>, a: SharedPointer<Float>, gu: SharedPointer<Float>,
                      down: SharedPointer<Float>?, range: Range<Int>) {
            switch (neuron, rule) {
            case let (.lif(n), .stbp(r)):
                for i in range {
                    var carry: Float = 0  // ∂L/∂u_post[t] = decay·∂L/∂u[t+1]
                    for t in stride(from: steps - 1, through: 0, by: -1) {
                        let k = t * self.width + i
                        let h = r.surrogate.derivative(u[k], threshold: n.threshold)
                        let throughReset: Float = r.detachReset ? 0 : (n.reset == .zero ? u[k] : n.threshold) * h
                        let keep: Float = n.reset == .zero ? 1 - s[k] : 1
                        let g = grad[k] * h + carry * (keep - throughReset)
                        gu[k] = g
                        carry = n.decay * g
                    }
                }
            case let (.lif(n), .bpsa(r)):
                for i in range {
                    var carry: Float = 0
                    for t in stride(from: steps - 1, through: 0, by: -1) {
                        let k = t * self.width + i
                        let h: Float = s[k] > 0 ? 1 / u[k] : 0
                        let keep: Float = n.reset == .zero ? 1 - s[k] : 1
                        let g = grad[k] * h + carry * (keep + r.alpha * h)
                        gu[k] = g
                        carry = n.decay * g
                    }
                }
            case let (.synapticLIF(n), .tssl(r)):
                tsslBackward(n, r, grad: grad, u: u, s: s, du: du, a: a, gu: gu, range: range)
            case let (.multiThreshold(n), .multiThreshold(r)):
                for i in range {
                    var trace: Float = 0  // Eq. 12 run backwards: q[t] = (δ[t] + decay·q[t+1]) / (1 + f·Vth)
                    for t in stride(from: steps - 1, through: 0, by: -1) {
                        let k = t * self.width + i
                        let f = r.derivative(u[k], n)
                        let delta = grad[k] * f
                        down?[k] = delta
                        trace = (delta + n.decay * trace) / (1 + f * n.threshold)
                        gu[k] = trace
                    }
                }
            default:
                preconditionFailure("SpikingLayer.init rejects \(rule.name) with \(neuron.name)")
            }
        }

        /// TSSL-BP. With E[m] = Σ_{k≥m} ε[k−m]·∂L/∂a[k] (ε the discrete PSC kernel), a neuron that fired at m gets
        /// δu[m] = (E[m] + δu[p]·R·(1/τm)·(1−1/τm)^{p−m}) / Δu[m], p its next firing time and R the reset amount
        /// (Vth, or u[m] when resetting to zero); 1/Δu[m] is −∂t_m/∂u[m]. Silent steps get 0, or the warm-up
        /// sigmoid surrogate E[m]·σ′(u[m]) while the neuron's PSC is below 1/(4τs).
        private func tsslBackward(_ n: SynapticLIF, _ r: TSSLBP, grad: SharedPointer<Float>, u: SharedPointer<Float>,
                                  s: SharedPointer<Float>, du: SharedPointer<Float>, a: SharedPointer<Float>,
                                  gu: SharedPointer<Float>, range: Range<Int>) {
            let warm = Surrogate.sigmoid(a: r.warmUpWidth)
            let lowPSC = 1 / (4 * n.tauS)
            for i in range {
                var e: Float = 0
                var nextDelta: Float = 0  // δu at the next firing time p, decayed back to the current step
                for t in stride(from: steps - 1, through: 0, by: -1) {
                    let k = t * self.width + i
                    e = grad[k] / n.tauS + n.pscDecay * e
                    var delta: Float = 0
                    if s[k] > 0 {
                        var inverse: Float = du[k] > 0 ? 1 / du[k] : 0
                        if r.clampTimeDerivative { inverse = min(inverse, TSSLBP.timeDerivativeClamp) }
                        let resetAmount = n.reset == .zero ? u[k] : n.threshold
                        delta = (e + nextDelta * resetAmount / n.tauM) * inverse
                        nextDelta = delta
                    }
                    gu[k] = r.warmUp && a[k] < lowPSC ? e * warm.derivative(u[k], threshold: n.threshold) : delta
                    nextDelta *= n.decay
                }
            }
        }
    }
}
