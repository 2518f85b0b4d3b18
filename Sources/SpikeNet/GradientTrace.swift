/// Everything one forward + backward pass computes in each spiking layer, for comparing the engine with another
/// implementation (`spikestream grad`). Arrays are time-major `[T, B, neurons…]`.
public struct SpikingLayerTrace: Sendable {
    /// Spikes (counts for multi-threshold neurons).
    public var spikes: [Float]
    /// The membrane before the reset.
    public var membrane: [Float]
    /// The PSC output of synaptic neurons, else nil.
    public var psc: [Float]?
    /// ∂L/∂I, the error of the input current (the multi-threshold paper rule: the factor whose product with the
    /// input gives ∂L/∂W).
    public var currentGradient: [Float]
    /// The error a rule that propagates separately passes to the layer below (multi-threshold Eq. 9), else nil.
    public var propagated: [Float]?
    /// The synapse feeding the layer: ∂L/∂W in the engine's layout (Dense `[in, out]`, Conv2d `[out, in, k, k]`).
    public var weightGradient: Parameter
    public var biasGradient: Parameter
}

extension Network {
    /// One training-mode forward and backward pass of `input` (`[B, T, C, H, W]`) against `desired` values in the
    /// layout of `Loss.evaluate(_:desired:timeSteps:options:)`; parameters are not updated.
    public mutating func traceGradients(_ input: Tensor, desired: Tensor) throws(SpikeNetError) -> (loss: Float, layers: [SpikingLayerTrace]) {
        for i in layers.indices { layers[i].updateParameters { $0.zeroGrad() } }
        // The traces are what a recomputing pass would not keep.
        let recomputes = recomputesBlocks
        recomputesBlocks = false
        defer { recomputesBlocks = recomputes }
        let (output, context) = try forward(input, training: true)
        let (loss, grad) = config.loss.evaluate(output, desired: desired, timeSteps: context.timeSteps,
                                                options: config.lossOptions)
        var passedDown: [Int: LayerGradient] = [:]
        backpropagate(grad, context) { i, g in passedDown[i] = g }
        var traces: [SpikingLayerTrace] = []
        var synapse: [Parameter] = []
        for (i, layer) in layers.enumerated() {
            if !layer.parameters.isEmpty, !(layer is BatchNorm) { synapse = layer.parameters }
            guard let spiking = layer as? SpikingLayer, let g = passedDown[i], synapse.count == 2 else { continue }
            traces.append(SpikingLayerTrace(
                spikes: spiking.spikes, membrane: spiking.membrane,
                psc: spiking.neuron.model.synapticTau == nil ? nil : spiking.psc, currentGradient: g.signal.data,
                propagated: g.downstream?.data, weightGradient: synapse[0], biasGradient: synapse[1]))
        }
        return (loss, traces)
    }
}
