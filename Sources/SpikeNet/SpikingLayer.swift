/// A layer of spiking neurons over `[T·B, features…]`: runs the neuron through time in the forward pass and
/// the learning rule's BPTT in the backward pass. Every (sample, neuron) is independent, so the two workers
/// split the neurons and each walks its neurons through all time steps.
public struct SpikingLayer: Layer {
    public let neuron: Neuron
    public let rule: LearningRule
    /// Saved by the forward pass, `[T, E]` with E = B·neurons: membrane before reset, spikes (one byte each:
    /// a quarter of the float output, which the layer does not keep), and (TSSL-BP) the membrane's change in
    /// that step and the PSC. The rule's `saves` decides which are kept.
    private(set) var membrane: [Float] = []
    private(set) var spikeBytes: [UInt8] = []
    private var change: [Float] = []
    private(set) var psc: [Float] = []
    private var shape: [Int] = []
    /// The firing rate of a pass whose spikes were not kept (a recomputed block's forward), or, in a slice of
    /// such a layer, the whole layer's rate that rules reading it must see.
    var recordedFiringRate: Float?

    public init(neuron: Neuron, rule: LearningRule) throws(SpikeNetError) {
        guard rule.supports(neuron) else { throw .incompatible(rule: rule.name, neuron: neuron.name) }
        self.neuron = neuron
        self.rule = rule
    }

    public func outputShape(for input: [Int]) throws(SpikeNetError) -> [Int] { input }

    public var parameters: [Parameter] {
        get { [] }
        set {}
    }

    /// Mean spikes per neuron and time step in the last forward pass (for firing-rate reports).
    public var firingRate: Float {
        if let recordedFiringRate { return recordedFiringRate }
        guard !spikeBytes.isEmpty else { return 0 }
        var total = 0
        spikeBytes.withUnsafeBufferPointer { for b in $0 { total &+= Int(b) } }
        return Float(total) / Float(spikeBytes.count)
    }

    /// The saved spikes as values.
    var spikes: [Float] { spikeBytes.map(Float.init) }

    public mutating func forward(_ x: Tensor, _ context: RunContext) -> Tensor {
        forward(x, context, keepTraces: context.training)
    }

    /// The forward pass; without `keepTraces` it keeps only the firing rate (a recomputed block's backward pass
    /// runs the neurons again through a slice).
    mutating func forward(_ x: Tensor, _ context: RunContext, keepTraces: Bool) -> Tensor {
        let steps = context.timeSteps, e = x.count / steps
        shape = x.shape
        var atRest: NeuronState? = nil
        var output: [Float] = []
        recordedFiringRate = nil
        Self.run(neuron, x, steps: steps, width: e, saves: keepTraces ? rule.model.saves : [], u: &membrane,
                 s: &output, spikeBytes: &spikeBytes, du: &change, a: &psc, state: &atRest)
        let result = Tensor(shape: x.shape, data: neuron.model.synapticTau == nil ? output : psc)
        if !keepTraces && context.training {
            recordedFiringRate = firingRate
            (spikeBytes, psc) = ([], [])
        }
        return result
    }

    /// A recomputed block's training forward pass: keeps only the firing rate and, for neurons whose output is
    /// their spikes, writes the spikes over the input currents instead of into a second tensor of that size.
    mutating func forwardReplacingInput(_ x: inout Tensor, _ context: RunContext) {
        guard neuron.model.synapticTau == nil else {
            x = forward(x, context, keepTraces: false)
            return
        }
        shape = x.shape
        recordedFiringRate = nil
        var atRest: NeuronState? = nil, none: [Float] = []
        Self.run(neuron, x, steps: context.timeSteps, width: x.count / context.timeSteps, saves: [], u: &membrane,
                 s: &none, spikeBytes: &spikeBytes, du: &change, a: &psc, state: &atRest, floatSpikes: false)
        recordedFiringRate = firingRate
        let count = x.count
        spikeBytes.withShared { counts in
            x.data.withSharedMutable { out in
                parallelRanges(count, minimumPerThread: 1 << 16) { range in
                    for i in range { out[i] = Float(counts[i]) }
                }
            }
        }
        spikeBytes = []
    }

    public mutating func backward(_ g: LayerGradient, _ context: RunContext, needInput: Bool) -> LayerGradient? {
        let steps = context.timeSteps, e = g.signal.count / steps
        var signal = Tensor(uninitialized: shape)
        let (neuron, rule) = (neuron.model, rule.model)
        let separate = rule.propagatesSeparately
        var down: [Float] = separate ? .uninitialized(signal.count) : []
        let rate = rule.readsLayerFiringRate ? firingRate : 0
        g.signal.data.withShared { gs in
            membrane.withShared { u in
                spikeBytes.withShared { s in
                    change.withShared { du in
                        psc.withShared { a in
                            signal.data.withSharedMutable { gu in
                                down.withSharedMutable { dp in
                                    parallelRanges(e, minimumPerThread: 1024) { range in
                                        let pass = RuleBackward(grad: gs.base, u: u.base, s: s.base, du: du.base, a: a.base,
                                                                gu: gu.base, down: separate ? dp.base : nil, steps: steps,
                                                                width: e, layerFiringRate: rate)
                                        rule.backward(neuron, pass, range: range)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return LayerGradient(signal: signal, downstream: separate ? Tensor(shape: shape, data: down) : nil)
    }
}

extension SpikingLayer {
    /// Keeps the traces the rule reads (spikes as bytes) and a synaptic neuron's PSC; works with its input and
    /// output, or the incoming error, ∂L/∂I and a separately propagated error.
    public func footprint(input: [Int]) -> LayerFootprint {
        let n = input.reduce(1, *), saves = rule.model.saves
        let floatTraces = (saves.contains(.membrane) ? 1 : 0) + (saves.contains(.change) ? 1 : 0)
            + (neuron.model.synapticTau == nil ? 0 : 1)
        return LayerFootprint(keptPerRow: n * (1 + 4 * floatTraces),
                              workingPerRow: 4 * n * (rule.model.propagatesSeparately ? 3 : 2))
    }
}
