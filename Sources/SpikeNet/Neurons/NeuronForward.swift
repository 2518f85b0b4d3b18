import CSpikeKernels

/// The forward time loop of any `NeuronModel` over a `[T, E]` block of currents: a worker handles neurons
/// `range` through all T steps. Neurons are processed in blocks whose per-neuron state lives in a small scratch
/// buffer, so the inner loop runs over neurons (vectorisable, specialised per model) instead of striding
/// through time. With a `carry` the loop starts from the carried state instead of rest and leaves the final
/// state there (streaming).
public enum NeuronForward {
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

    /// The arrays of one forward call, `[T, E]` with row stride `stride`; nil = not kept.
    public struct Pass: @unchecked Sendable {
        let input: SharedPointer<Float>
        /// The membrane before reset.
        let u: SharedPointer<Float>?
        /// Spikes as floats (the output unless the neuron has a synaptic PSC).
        let s: SharedPointer<Float>?
        /// Spike counts as bytes, clamped to 255 (always).
        let spikeBytes: SharedPointer<UInt8>
        /// u[t] − u_post[t−1].
        let du: SharedPointer<Float>?
        /// The PSC (written when the model has a synaptic τs: it is the output).
        let a: SharedPointer<Float>
        let steps: Int
        let stride: Int
        /// Carried state (streaming), else the loop starts at rest.
        let carry: NeuronCarry?
    }

    static func run<N: NeuronModel>(_ n: N, _ p: Pass, range: Range<Int>) {
        // One copy of the loop per combination of kept traces, so that none tests an optional per element
        // (which keeps the loop from being vectorised).
        switch (p.u != nil, p.du != nil, n.synapticTau != nil) {
        case (false, false, false): loop(n, p, range, FlagOff.self, FlagOff.self, FlagOff.self)
        case (true, false, false): loop(n, p, range, FlagOn.self, FlagOff.self, FlagOff.self)
        case (false, true, false): loop(n, p, range, FlagOff.self, FlagOn.self, FlagOff.self)
        case (true, true, false): loop(n, p, range, FlagOn.self, FlagOn.self, FlagOff.self)
        case (false, false, true): loop(n, p, range, FlagOff.self, FlagOff.self, FlagOn.self)
        case (true, false, true): loop(n, p, range, FlagOn.self, FlagOff.self, FlagOn.self)
        case (false, true, true): loop(n, p, range, FlagOff.self, FlagOn.self, FlagOn.self)
        case (true, true, true): loop(n, p, range, FlagOn.self, FlagOn.self, FlagOn.self)
        }
    }

    @inline(__always)
    private static func loop<N: NeuronModel, KeepU: CompileTimeFlag, KeepDu: CompileTimeFlag, Synaptic: CompileTimeFlag>(
        _ n: N, _ p: Pass, _ range: Range<Int>, _: KeepU.Type, _: KeepDu.Type, _: Synaptic.Type
    ) {
        let tauS = n.synapticTau ?? 1
        let (input, bytes, a) = (p.input, p.spikeBytes, p.a)
        // The spikes of one step go to a float row (the output's, or scratch for a PSC neuron) and from it, in a
        // second pass, to bytes: a byte store in the main loop would keep it from being vectorised.
        forEachBlock(range, states: 3) { first, count, state in
            let v = state, current = state + blockSize, scratch = state + 2 * blockSize
            p.carry?.load(membrane: v, current: Synaptic.on ? current : nil, first: first, count: count)
            for t in 0..<p.steps {
                let k0 = t * p.stride + first
                let row = p.s.map { $0.base + k0 } ?? scratch
                let u = p.u.map { $0.base + k0 } ?? scratch, du = p.du.map { $0.base + k0 } ?? scratch
                for j in 0..<count {
                    let m = n.charge(v[j], input[k0 &+ j])
                    let spike = n.fire(m)
                    if KeepU.on { u[j] = m }
                    row[j] = spike
                    if KeepDu.on { du[j] = m - v[j] }
                    if Synaptic.on {
                        current[j] = (1 - 1 / tauS) * current[j] + spike / tauS
                        a[k0 &+ j] = current[j]
                    }
                    v[j] = n.reset(m, spike: spike)
                }
                spk_spike_bytes(row, count, bytes.base + k0)
            }
            p.carry?.store(membrane: v, current: Synaptic.on ? current : nil, first: first, count: count)
        }
    }
}

/// A compile-time switch for `NeuronForward`'s loop copies.
protocol CompileTimeFlag { static var on: Bool { get } }
enum FlagOn: CompileTimeFlag { static var on: Bool { true } }
enum FlagOff: CompileTimeFlag { static var on: Bool { false } }
