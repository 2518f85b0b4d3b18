/// The forward time loop of any `NeuronModel` over a `[T, E]` block of currents: a worker handles neurons
/// `range` through all T steps. Neurons are processed in blocks whose per-neuron state lives in a small scratch
/// buffer, so the inner loop runs over neurons (vectorisable, specialised per model) instead of striding
/// through time. With a `carry` the loop starts from the carried state instead of rest and leaves the final
/// state there (streaming).
enum NeuronForward {
    /// Neurons per block.
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

    /// Writes the spike counts `spikeBytes` (clamped to 255) and, where given, the spikes as floats `s`, the
    /// membrane before reset `u`, its change in the step `du` (u[t] − u_post[t−1]) and the PSC `a` (needed when
    /// the model has a synaptic τs: it is the output).
    static func run<N: NeuronModel>(_ n: N, input: SharedPointer<Float>, u: SharedPointer<Float>?, s: SharedPointer<Float>?,
                                    spikeBytes: SharedPointer<UInt8>, du: SharedPointer<Float>?, a: SharedPointer<Float>,
                                    steps: Int, stride: Int,
                                    range: Range<Int>, carry: NeuronCarry?) {
        let tauS = n.synapticTau
        forEachBlock(range, states: 2) { first, count, state in
            let v = state, current = state + blockSize
            carry?.load(membrane: v, current: tauS == nil ? nil : current, first: first, count: count)
            for t in 0..<steps {
                let k0 = t * stride + first
                for j in 0..<count {
                    // `&+`: an overflow check in the index would keep the loop from being vectorised.
                    let m = n.charge(v[j], input[k0 &+ j])
                    let spike = n.fire(m)
                    u?[k0 &+ j] = m
                    s?[k0 &+ j] = spike
                    spikeBytes[k0 &+ j] = UInt8(min(spike, 255))
                    du?[k0 &+ j] = m - v[j]
                    if let tauS {
                        current[j] = (1 - 1 / tauS) * current[j] + spike / tauS
                        a[k0 &+ j] = current[j]
                    }
                    v[j] = n.reset(m, spike: spike)
                }
            }
            carry?.store(membrane: v, current: tauS == nil ? nil : current, first: first, count: count)
        }
    }
}
