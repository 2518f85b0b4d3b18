/// What a network carries from one window of a sample to the next: the state of every spiking layer and of
/// the synaptic input filter. Made by `Network.makeStreamState()`, advanced by `Network.step(window:state:)`.
public struct StreamState: Sendable, Equatable {
    /// Per layer index: spiking layers' neuron state.
    var neurons: [Int: NeuronState]
    /// Per layer index: the synaptic filter's PSCs.
    var filters: [Int: [Float]]
    /// Time steps run since the last reset.
    public internal(set) var timeSteps = 0

    /// Back to rest, for the next sample.
    public mutating func reset() {
        for key in neurons.keys {
            neurons[key]?.membrane.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            neurons[key]?.current.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        }
        for key in filters.keys { filters[key]?.withUnsafeMutableBufferPointer { $0.update(repeating: 0) } }
        timeSteps = 0
    }
}

extension Network {
    /// A state at rest for streaming one sample at a time.
    public func makeStreamState() -> StreamState {
        var neurons: [Int: NeuronState] = [:], filters: [Int: [Float]] = [:]
        var input = config.inputShape
        for (i, layer) in layers.enumerated() {
            if let spiking = layer as? SpikingLayer {
                neurons[i] = NeuronState(neuron: spiking.neuron, neurons: shapes[i].reduce(1, *))
            } else if layer is SynapticFilter {
                filters[i] = [Float](repeating: 0, count: input.reduce(1, *))
            }
            input = shapes[i]
        }
        return StreamState(neurons: neurons, filters: filters)
    }

    /// Runs one window `[T, C, H, W]` of a sample (evaluation mode) from `state`, which it advances, and returns
    /// the output layer's values summed over the window's time steps: per class, the spike count (or the vote,
    /// or the PSC for synaptic LIF). Windows fed in order give exactly the time steps' values of one `forward`
    /// over the whole sample, so summing the returned counts over windows reproduces `predict`.
    public mutating func step(window: Tensor, state: inout StreamState) throws(SpikeNetError) -> [Float] {
        guard window.shape.count == 4, Array(window.shape[1...]) == config.inputShape else {
            throw .badInput(reason: "window shape \(window.shape) is not [T] + \(config.inputShape)")
        }
        let steps = window.shape[0]
        let classes = outputShape.reduce(1, *)
        guard steps > 0 else { return [Float](repeating: 0, count: classes) }
        let context = RunContext(timeSteps: steps, batch: 1, training: false)
        var x = window
        var i = 0
        while i < layers.count {
            defer { i += 1 }
            if let evaluation = evaluationConvolution(at: i) {
                var conv = evaluation.conv
                x = conv.forward(x, context)
                i += evaluation.layers - 1
            } else if let spiking = layers[i] as? SpikingLayer, var neuronState = state.neurons[i] {
                x = spiking.forward(x, steps: steps, state: &neuronState)
                state.neurons[i] = neuronState
            } else if let filter = layers[i] as? SynapticFilter, var psc = state.filters[i] {
                x = filter.filter(x, steps: steps, psc: &psc)
                state.filters[i] = psc
            } else {
                x = layers[i].forward(x, context)
            }
        }
        state.timeSteps += steps
        var counts = [Float](repeating: 0, count: classes)
        for t in 0..<steps { for k in 0..<classes { counts[k] += x.data[t * classes + k] } }
        return counts
    }
}
