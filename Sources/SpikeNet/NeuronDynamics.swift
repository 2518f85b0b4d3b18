import Foundation

/// The per-neuron time loops: forward dynamics of each neuron model and the backward recurrence of each
/// learning rule. Arrays are `[T, E]`; a worker handles neurons `range` through all T steps. With a `carry` the
/// forward loop starts from the carried state instead of rest and leaves the final state there (streaming).
enum NeuronDynamics {
    /// Neurons per block: each block's per-neuron state (membrane, carry…) lives in a small scratch buffer, and
    /// the time loop walks one contiguous `[block]` slice of every saved array per step, so the inner loop runs
    /// over neurons (vectorisable) instead of striding through time.
    static let blockSize = 512

    /// Calls `body(first, count, state)` for consecutive blocks of `range`, `state` holding `states` zeroed
    /// arrays of `count` floats (the i-th at `state + i·blockSize`).
    @inline(__always)
    static func forEachBlock(_ range: Range<Int>, states: Int, _ body: (Int, Int, UnsafeMutablePointer<Float>) -> Void) {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: max(states, 1) * blockSize) { scratch in
            let state = scratch.baseAddress!
            for first in stride(from: range.lowerBound, to: range.upperBound, by: blockSize) {
                scratch.update(repeating: 0)
                body(first, min(blockSize, range.upperBound - first), state)
            }
        }
    }

    /// `u` nil: the membrane is not kept (no backward pass follows), which saves one store stream.
    static func run(_ neuron: Neuron, input: SharedPointer<Float>, u: SharedPointer<Float>?, s: SharedPointer<Float>,
                    du: SharedPointer<Float>, a: SharedPointer<Float>, steps: Int, stride: Int, range: Range<Int>,
                    carry: NeuronCarry? = nil) {
        switch neuron {
        case let .lif(n):
            lifForward(decay: n.decay, threshold: n.threshold, resetToZero: n.reset == .zero, psc: nil, input: input,
                       u: u, s: s, du: du, a: a, steps: steps, stride: stride, range: range, carry: carry)
        case let .synapticLIF(n):
            lifForward(decay: n.decay, threshold: n.threshold, resetToZero: n.reset == .zero, psc: n.tauS, input: input,
                       u: u, s: s, du: du, a: a, steps: steps, stride: stride, range: range, carry: carry)
        case let .multiThreshold(n):
            forEachBlock(range, states: 1) { first, count, v in
                carry?.load(membrane: v, current: nil, first: first, count: count)
                for t in 0..<steps {
                    let k0 = t * stride + first
                    for j in 0..<count {
                        let m = n.decay * v[j] + input[k0 &+ j]
                        let spike = n.spikes(m)
                        u?[k0 &+ j] = m
                        s[k0 &+ j] = spike
                        v[j] = m - n.threshold * spike
                    }
                }
                carry?.store(membrane: v, current: nil, first: first, count: count)
            }
        }
    }

    /// The LIF membrane; with `psc` (τs) also the membrane change `du` and the synaptic PSC `a` (TSSL-BP).
    @inline(__always)
    private static func lifForward(decay: Float, threshold: Float, resetToZero: Bool, psc tauS: Float?,
                                   input: SharedPointer<Float>, u: SharedPointer<Float>?, s: SharedPointer<Float>,
                                   du: SharedPointer<Float>, a: SharedPointer<Float>, steps: Int, stride: Int,
                                   range: Range<Int>, carry: NeuronCarry?) {
        forEachBlock(range, states: 2) { first, count, state in
            let v = state, current = state + blockSize
            carry?.load(membrane: v, current: tauS == nil ? nil : current, first: first, count: count)
            for t in 0..<steps {
                let k0 = t * stride + first
                for j in 0..<count {
                    // `&+`: an overflow check in the index would keep the loop from being vectorised.
                    let m = decay * v[j] + input[k0 &+ j]
                    let spike: Float = m >= threshold ? 1 : 0
                    u?[k0 &+ j] = m
                    s[k0 &+ j] = spike
                    if let tauS {
                        du[k0 &+ j] = m - v[j]
                        current[j] = (1 - 1 / tauS) * current[j] + spike / tauS
                        a[k0 &+ j] = current[j]
                    }
                    v[j] = m - spike * (resetToZero ? m : threshold)
                }
            }
            carry?.store(membrane: v, current: tauS == nil ? nil : current, first: first, count: count)
        }
    }

    /// What the backward recurrence needs besides the saved arrays.
    struct Saved: Sendable {
        let neuron: Neuron
        let rule: LearningRule
        let steps: Int
        let width: Int

        /// `grad` is ∂L/∂(layer output); writes ∂L/∂I (the input current) into `gu`, and for the multi-threshold
        /// rule the separately propagated error (Eq. 9) into `down`. Time runs backwards in the outer loop.
        func backward(grad: SharedPointer<Float>, u: SharedPointer<Float>, s: SharedPointer<Float>,
                      du: SharedPointer<Float>, a: SharedPointer<Float>, gu: SharedPointer<Float>,
                      down: SharedPointer<Float>?, range: Range<Int>) {
            let backwards = Swift.stride(from: steps - 1, through: 0, by: -1)
            switch (neuron, rule) {
            case let (.lif(n), .stbp(r)):
                // One copy of the loop per surrogate, so the inner loop has no switch and can be vectorised.
                switch r.surrogate {
                case let .rectangular(a):
                    stbpBackward(n, r, grad: grad, u: u, s: s, gu: gu, range: range) { abs($0 - n.threshold) < a / 2 ? 1 / a : 0 }
                case .triangular, .sigmoid, .gaussian:
                    stbpBackward(n, r, grad: grad, u: u, s: s, gu: gu, range: range) { r.surrogate.derivative($0, threshold: n.threshold) }
                }
            case let (.lif(n), .bpsa(r)):
                let resetToZero = n.reset == .zero
                let warm = Surrogate.sigmoid(a: r.warmUpWidth)
                NeuronDynamics.forEachBlock(range, states: 2) { first, count, state in
                    let carry = state, fired = state + NeuronDynamics.blockSize
                    for t in 0..<steps {
                        for j in 0..<count { fired[j] = max(fired[j], s[t * width + first + j]) }
                    }
                    for t in backwards {
                        let k0 = t * width + first
                        for j in 0..<count {
                            let k = k0 &+ j
                            let silent = r.warmUp && fired[j] == 0
                            let h: Float = silent ? warm.derivative(u[k], threshold: n.threshold) : (s[k] > 0 ? 1 / u[k] : 0)
                            let keep: Float = resetToZero ? 1 - s[k] : 1
                            let g = grad[k] * h + carry[j] * (keep + r.alpha * h)
                            gu[k] = g
                            carry[j] = n.decay * g
                        }
                    }
                }
            case let (.synapticLIF(n), .tssl(r)):
                tsslBackward(n, r, grad: grad, u: u, s: s, du: du, a: a, gu: gu, range: range)
            case let (.multiThreshold(n), .multiThreshold(r)):
                NeuronDynamics.forEachBlock(range, states: 1) { first, count, trace in
                    // Eq. 12 run backwards: q[t] = (δ[t] + decay·q[t+1]) / (1 + f·Vth)
                    for t in backwards {
                        let k0 = t * width + first
                        for j in 0..<count {
                            let k = k0 &+ j
                            let f = r.derivative(u[k], n)
                            let delta = grad[k] * f
                            down?[k] = delta
                            trace[j] = (delta + n.decay * trace[j]) / (1 + f * n.threshold)
                            gu[k] = trace[j]
                        }
                    }
                }
            default:
                preconditionFailure("SpikingLayer.init rejects \(rule.name) with \(neuron.name)")
            }
        }

        /// STBP's BPTT through leak and reset; `h(u)` is the surrogate ∂s/∂u.
        @inline(__always)
        private func stbpBackward(_ n: LIF, _ r: STBP, grad: SharedPointer<Float>, u: SharedPointer<Float>,
                                  s: SharedPointer<Float>, gu: SharedPointer<Float>, range: Range<Int>,
                                  _ h: (Float) -> Float) {
            // Branch-free form of the reset path: u_post = u − s·(z·u + (1 − z)·Vth), z = 1 for reset to zero.
            let z: Float = n.reset == .zero ? 1 : 0
            let reset: Float = r.detachReset ? 0 : 1
            NeuronDynamics.forEachBlock(range, states: 1) { first, count, carry in
                // carry = ∂L/∂u_post[t] = decay·∂L/∂u[t+1]
                for t in Swift.stride(from: steps - 1, through: 0, by: -1) {
                    let k0 = t * width + first
                    for j in 0..<count {
                        let k = k0 &+ j
                        let d = h(u[k])
                        let throughReset = reset * (z * u[k] + (1 - z) * n.threshold) * d
                        let keep = 1 - z * s[k]
                        let g = grad[k] * d + carry[j] * (keep - throughReset)
                        gu[k] = g
                        carry[j] = n.decay * g
                    }
                }
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
            NeuronDynamics.forEachBlock(range, states: 2) { first, count, state in
                let e = state, nextDelta = state + NeuronDynamics.blockSize  // δu at the next firing time, decayed
                for t in Swift.stride(from: steps - 1, through: 0, by: -1) {
                    let k0 = t * width + first
                    for j in 0..<count {
                        let k = k0 &+ j
                        e[j] = grad[k] / n.tauS + n.pscDecay * e[j]
                        var delta: Float = 0
                        if s[k] > 0 {
                            var inverse: Float = du[k] > 0 ? 1 / du[k] : 0
                            if r.clampTimeDerivative { inverse = min(inverse, TSSLBP.timeDerivativeClamp) }
                            let resetAmount = n.reset == .zero ? u[k] : n.threshold
                            delta = (e[j] + nextDelta[j] * resetAmount / n.tauM) * inverse
                            nextDelta[j] = delta
                        }
                        gu[k] = r.warmUp && a[k] < lowPSC ? e[j] * warm.derivative(u[k], threshold: n.threshold) : delta
                        nextDelta[j] *= n.decay
                    }
                }
            }
        }
    }
}
