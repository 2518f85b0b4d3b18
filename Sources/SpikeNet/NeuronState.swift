/// The state a spiking layer's neurons carry from one time step to the next, per neuron: the membrane after
/// reset and (synaptic LIF) the output PSC. Streaming inference keeps it between windows.
public struct NeuronState: Sendable, Equatable {
    public var membrane: [Float]
    /// Empty unless the neuron is synaptic LIF.
    public var current: [Float]

    /// At rest: zero membrane and current for `neurons` neurons.
    public init(neuron: Neuron, neurons: Int) {
        membrane = [Float](repeating: 0, count: neurons)
        current = neuron.model.synapticTau == nil ? [] : membrane
    }
}

/// `NeuronState` as pointers the neuron loops' workers can share (each writes its own neurons).
struct NeuronCarry: Sendable {
    let membrane: SharedPointer<Float>
    let current: SharedPointer<Float>

    /// Copies neurons `first ..< first + count` of the carried state into a block's scratch state.
    @inline(__always)
    func load(membrane v: UnsafeMutablePointer<Float>, current c: UnsafeMutablePointer<Float>?, first: Int, count: Int) {
        for j in 0..<count { v[j] = membrane[first + j] }
        if let c { for j in 0..<count { c[j] = current[first + j] } }
    }

    /// Writes a block's final scratch state back for the next window.
    @inline(__always)
    func store(membrane v: UnsafeMutablePointer<Float>, current c: UnsafeMutablePointer<Float>?, first: Int, count: Int) {
        for j in 0..<count { membrane[first + j] = v[j] }
        if let c { for j in 0..<count { current[first + j] = c[j] } }
    }
}

extension SpikingLayer {
    /// Runs `neuron` over the `[T, E]` currents `x`, sizing and writing the spike counts `spikeBytes` (always: the
    /// firing rate is read from them), the float spikes `s` when they are the output (no synaptic PSC), the PSC
    /// `a` when it is, and the traces `saves` asks for; the others are left empty. Starts from `state` and leaves
    /// the final state there when one is given, else starts at rest.
    /// Without `floatSpikes` a neuron without PSC writes its spikes as counts only (`s` stays empty).
    static func run(_ neuron: Neuron, _ x: Tensor, steps: Int, width e: Int, saves: SavedTraces, u: inout [Float],
                    s: inout [Float], spikeBytes: inout [UInt8], du: inout [Float], a: inout [Float],
                    state: inout NeuronState?, floatSpikes: Bool = true) {
        // Every element is written by the neuron loop, so the buffers need no zeroing. The layer's own traces
        // keep their storage from batch to batch; the output gets fresh storage (it leaves the layer).
        func size<T: BitwiseCopyable>(_ array: inout [T], _ kept: Bool) {
            if !kept { array = [] } else if array.count != x.count { array = .uninitialized(x.count) }
        }
        let synaptic = neuron.model.synapticTau != nil
        size(&u, saves.contains(.membrane))
        size(&du, saves.contains(.change))
        size(&spikeBytes, true)
        let floats = !synaptic && floatSpikes
        s = floats ? .uninitialized(x.count) : []
        a = synaptic ? .uninitialized(x.count) : []
        func loop(_ carry: NeuronCarry?) {
            x.data.withShared { input in
                u.withSharedMutable { u in
                    s.withSharedMutable { s in
                        spikeBytes.withSharedMutable { sb in
                            du.withSharedMutable { du in
                                a.withSharedMutable { a in
                                    let pass = NeuronForward.Pass(
                                        input: input, u: saves.contains(.membrane) ? u : nil, s: floats ? s : nil,
                                        spikeBytes: sb, du: saves.contains(.change) ? du : nil, a: a, steps: steps,
                                        stride: e, carry: carry)
                                    parallelRanges(e, minimumPerThread: 1024) { range in
                                        neuron.model.forward(pass, range: range)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        guard var carried = state else { return loop(nil) }
        carried.membrane.withSharedMutable { m in
            carried.current.withSharedMutable { c in loop(NeuronCarry(membrane: m, current: c)) }
        }
        state = carried
    }

    /// Evaluation-only forward over one sample's `[T, features…]` from `state`, which it advances; keeps nothing
    /// for a backward pass.
    func forward(_ x: Tensor, steps: Int, state: inout NeuronState) -> Tensor {
        var u: [Float] = [], s: [Float] = [], bytes: [UInt8] = [], du: [Float] = [], a: [Float] = []
        var carried: NeuronState? = state
        Self.run(neuron, x, steps: steps, width: x.count / steps, saves: [], u: &u, s: &s, spikeBytes: &bytes, du: &du,
                 a: &a, state: &carried)
        if let carried { state = carried }
        return Tensor(shape: x.shape, data: a.isEmpty ? s : a)
    }
}
