import CTorchBackend
import SpikeNet

/// A copy of an engine `Network` on a libtorch device: the same layers with the same parameters, whose passes run
/// in ATen (the CPU engine's rule arithmetic in ATen operations). Supported today: Dense, Conv2d, BatchNorm,
/// average/max pooling, flatten, dropout (the engine's masks), vote, the synaptic filter; LIF neurons with STBP (h1–h4)
/// or BPSA (+ BPTA), multi-threshold LIF neurons with the multi-threshold rule (f1–f3, all three trainings), synaptic
/// LIF neurons with TSSL-BP (every option); every loss (rate MSE, PSC, spike count, per-step MSE, cross-entropy).
public final class TorchNetwork {
    let handle: OpaquePointer
    public let device: String
    public let config: NetworkConfig
    /// Engine parameter names, in the backend's order.
    public let parameterNames: [String]
    /// Neurons per sample of each spiking layer.
    let spikingWidths: [Int]
    /// Output values per row (classes).
    let outputWidth: Int
    /// The dropout layers (their masks come from the engine's, per pass) and their values per sample.
    let dropouts: [(layer: Dropout, width: Int)]

    /// `device`: libtorch's name ("cpu", "cuda", "cuda:N", "meta").
    public init(_ network: Network, device: String) throws(TorchError) {
        let (loss, scale): (Int32, Float) = switch network.config.loss {
        case .rateMSE: (Int32(SPK_LOSS_RATE_MSE), 0)
        case .perStepMSE, .psc: (Int32(SPK_LOSS_PER_STEP_MSE), 0)  // PSC: per-step MSE against desired PSCs
        case .spikeCount: (Int32(SPK_LOSS_SPIKE_COUNT), 0)
        case let .crossEntropy(scale): (Int32(SPK_LOSS_CROSS_ENTROPY), scale)
        }
        var pointer: OpaquePointer?
        try TorchError.check(spk_torch_network_create(device, &pointer), device: device)
        handle = pointer!
        self.device = device
        config = network.config
        var names: [String] = [], widths: [Int] = [], dropouts: [(Dropout, Int)] = []
        var shape = network.config.inputShape
        do {
            try TorchError.check(spk_torch_set_loss(pointer, loss, scale))
            for (layer, outputShape) in zip(network.layers, network.shapes) {
                names += try Self.add(layer, input: shape, to: pointer!)
                if layer is SpikingLayer { widths.append(outputShape.reduce(1, *)) }
                if let dropout = layer as? Dropout { dropouts.append((dropout, outputShape.reduce(1, *))) }
                shape = outputShape
            }
        } catch {
            spk_torch_network_free(pointer)
            throw error
        }
        parameterNames = names
        spikingWidths = widths
        self.dropouts = dropouts
        outputWidth = network.outputShape.reduce(1, *)
    }

    deinit { spk_torch_network_free(handle) }

    /// Adds `layer` (per-sample input shape `input`); returns the names of its parameters.
    private static func add(_ layer: any Layer, input: [Int], to n: OpaquePointer) throws(TorchError) -> [String] {
        switch layer {
        case let dense as Dense:
            let shape = dense.weight.shape
            try TorchError.check(spk_torch_add_dense(n, Int32(shape[0]), Int32(shape[1]), dense.weight.value, dense.bias.value))
            return [dense.weight.name, dense.bias.name]
        case let conv as Conv2d:
            let shape = conv.weight.shape
            try TorchError.check(spk_torch_add_conv(n, Int32(shape[1]), Int32(shape[0]), Int32(shape[2]), Int32(conv.padding),
                                                    conv.weight.value, conv.bias.value))
            return [conv.weight.name, conv.bias.name]
        case let pool as Pool2d:
            try TorchError.check(spk_torch_add_pool(n, pool.kind == .max ? 1 : 0, Int32(pool.size)))
        case is Flatten:
            try TorchError.check(spk_torch_add_flatten(n))
        case let norm as BatchNorm:
            try TorchError.check(spk_torch_add_batch_norm(n, Int32(norm.gamma.value.count), norm.momentum, norm.epsilon,
                                                          norm.gamma.value, norm.beta.value, norm.runningMean.value,
                                                          norm.runningVar.value))
            return norm.parameters.map(\.name)
        case is Dropout:
            try TorchError.check(spk_torch_add_dropout(n))
        case let filter as SynapticFilter:
            try TorchError.check(spk_torch_add_synaptic_filter(n, filter.tauS))
        case let vote as Vote:
            try TorchError.check(spk_torch_add_vote(n, Int32(vote.classes), Int32(vote.voters)))
        case let spiking as SpikingLayer:
            try addSpiking(spiking, to: n)
        default:
            throw .unsupported(what: "the layer \(type(of: layer))")
        }
        return []
    }

    private static func addSpiking(_ layer: SpikingLayer, to n: OpaquePointer) throws(TorchError) {
        if let neuron = layer.neuron.model as? MultiThresholdLIF, let rule = layer.rule.model as? MultiThresholdRule {
            let curve: Int32 = switch rule.curve { case .f1: 1; case .f2: 2; case .f3: 3 }
            let mode: Int32 = switch rule.training { case .paper: 0; case .bpttDetachedReset: 1; case .bptt: 2 }
            try TorchError.check(spk_torch_add_multi_threshold(n, 1 - 1 / neuron.tauM, neuron.threshold, Int32(neuron.maxSpikes),
                                                               curve, rule.alphaH, rule.alphaW, mode))
            return
        }
        if let neuron = layer.neuron.model as? SynapticLIF, let rule = layer.rule.model as? TSSLBP {
            let warmUp: Int32 = switch rule.warmUp {
            case .none: Int32(SPK_WARM_UP_NONE)
            case .layerRate: Int32(SPK_WARM_UP_LAYER_RATE)
            case .perElement: Int32(SPK_WARM_UP_PER_ELEMENT)
            }
            try TorchError.check(spk_torch_add_synaptic_lif_tssl(n, neuron.tauM, neuron.tauS, neuron.threshold,
                                                                 neuron.reset == .zero ? 1 : 0, rule.clampTimeDerivative ? 1 : 0,
                                                                 rule.leak ? 1 : 0, warmUp, rule.warmUpRate, rule.warmUpWidth))
            return
        }
        guard let lif = layer.neuron.model as? LIF else { throw .unsupported(what: "the neuron \(layer.neuron.name)") }
        if let bpsa = layer.rule.model as? BPSA {
            try TorchError.check(spk_torch_add_lif_bpsa(n, lif.decay, lif.threshold, lif.reset == .zero ? 1 : 0, bpsa.alpha,
                                                        bpsa.warmUp ? 1 : 0, bpsa.warmUpWidth))
            return
        }
        guard let stbp = layer.rule.model as? STBP else { throw .unsupported(what: "the rule \(layer.rule.name)") }
        let (kind, width): (Int32, Float) = switch stbp.surrogate.function {
        case let h as RectangularSurrogate: (Int32(SPK_SURROGATE_RECTANGULAR), h.width)
        case let h as TriangularSurrogate: (Int32(SPK_SURROGATE_TRIANGULAR), h.a)
        case let h as SigmoidSurrogate: (Int32(SPK_SURROGATE_SIGMOID), h.a)
        case let h as GaussianSurrogate: (Int32(SPK_SURROGATE_GAUSSIAN), h.variance)
        default: throw .unsupported(what: "the surrogate \(type(of: stbp.surrogate.function))")
        }
        try TorchError.check(spk_torch_add_lif_stbp(n, lif.decay, lif.threshold, lif.reset == .zero ? 1 : 0, kind, width,
                                                    stbp.detachReset ? 1 : 0))
    }

    /// The optimizer's kind and clips (its rate and step come with each `run`).
    public func configure(_ optimizer: Optimizer) throws(TorchError) {
        let (kind, momentum, b1, b2, eps, decay): (Int32, Float, Float, Float, Float, Float) = switch optimizer.kind {
        case let .sgd(momentum): (Int32(SPK_OPTIMIZER_SGD), momentum, 0, 0, 0, 0)
        case let .adam(b1, b2, eps): (Int32(SPK_OPTIMIZER_ADAM), 0, b1, b2, eps, 0)
        case let .adamW(b1, b2, eps, d): (Int32(SPK_OPTIMIZER_ADAMW), 0, b1, b2, eps, d)
        }
        try TorchError.check(spk_torch_set_optimizer(handle, kind, momentum, b1, b2, eps, decay, optimizer.weightClip ?? 0,
                                                     optimizer.gradNormClip ?? 0))
    }

    /// One pass over `input` `[B, T, C, H, W]`. With `desired` (the loss's: `[B, K]` mean rates for rate MSE,
    /// `[T·B, K]` outputs for per-step MSE) it computes the loss and the
    /// gradients, and with `update` (learning rate, 1-based step) applies the optimizer (unless `stepping` is false:
    /// then the update is `step(_:)`'s, after the gradients were reduced over the processes); returns the loss (0 in
    /// evaluation mode) and, unless `readOutput` is false, the output `[T·B, K]`.
    public func run(_ input: Tensor, desired: Tensor? = nil, update: (learningRate: Float, step: Int)? = nil,
                    stepping: Bool = true, readOutput: Bool = true) throws(TorchError) -> (loss: Float, output: Tensor?) {
        let shape = input.shape.map(Int64.init)
        return try pass(shape: input.shape, desired: desired, update: update, stepping: stepping, readOutput: readOutput) { y, f, s, r, l, o in
            input.data.withUnsafeBufferPointer { spk_torch_run(handle, $0.baseAddress, shape, y, f, s, r, l, o) }
        }
    }

    /// `run` on a batch staged by a `TorchStaging` of this network's device (converted on the device; the same
    /// values as `run` on its float tensor).
    public func run(staged input: any StagedInput, desired: Tensor? = nil, update: (learningRate: Float, step: Int)? = nil,
                    stepping: Bool = true, readOutput: Bool = true) throws(TorchError) -> (loss: Float, output: Tensor?) {
        guard let input = input as? TorchStagedInput else { throw .failed(reason: "a batch staged by another backend") }
        return try pass(shape: input.shape, desired: desired, update: update, stepping: stepping, readOutput: readOutput) { y, f, s, r, l, o in
            spk_torch_run_input(handle, input.handle, y, f, s, r, l, o)
        }
    }

    /// The arithmetic of the convolutions and GEMMs (`--precision`); neurons, rules and losses stay float32.
    public func setPrecision(_ precision: ComputePrecision) throws(TorchError) {
        try TorchError.check(spk_torch_set_precision(handle, precision.torchCode), device: device)
    }

    /// A pass of `call` (desired, loss factor, step, learning rate, loss, output → status) over a batch of `shape`;
    /// without `stepping` the pass leaves the update to `step(_:)` (step 0 to libtorch).
    private func pass(shape: [Int], desired: Tensor?, update: (learningRate: Float, step: Int)?, stepping: Bool,
                      readOutput: Bool,
                      _ call: (UnsafePointer<Float>?, Float, Int64, Float, UnsafeMutablePointer<Float>,
                               UnsafeMutablePointer<Float>?) -> Int32) throws(TorchError) -> (loss: Float, output: Tensor?) {
        let (batch, steps) = (shape[0], shape[1])
        let classes = (desired?.count ?? 0) / batch
        let factor = config.lossOptions.factor(batch: batch, classes: classes, squaredError: true)
        if desired != nil {  // training: the engine's dropout masks of this pass (the optimizer steps before it)
            let pass = UInt64(max((update?.step ?? 1) - 1, 0))
            for (index, (layer, width)) in dropouts.enumerated() where layer.rate > 0 {
                let mask = layer.mask(values: batch * width, pass: pass)
                try TorchError.check(spk_torch_set_dropout_mask(handle, Int32(index), mask, Int64(mask.count)))
            }
        }
        var loss: Float = 0
        var output: [Float] = readOutput ? .init(repeating: 0, count: steps * batch * outputWidth) : []
        let status = output.withUnsafeMutableBufferPointer { out in
            withDesired(desired) { y in
                call(y, factor, Int64(stepping ? update?.step ?? 0 : 0), update?.learningRate ?? 0, &loss, readOutput ? out.baseAddress : nil)
            }
        }
        try TorchError.check(status, device: device)
        return (loss, readOutput ? Tensor(shape: [steps * batch, outputWidth], data: output) : nil)
    }

    /// Fault injection for tests: the training pass of optimizer step `step` fails as if the device ran out of
    /// memory (0: never).
    public func failWithOutOfMemory(atStep step: Int) throws(TorchError) {
        try TorchError.check(spk_torch_fail_with_out_of_memory(handle, Int64(step)))
    }

    private func withDesired<R>(_ desired: Tensor?, _ body: (UnsafePointer<Float>?) -> R) -> R {
        guard let desired else { return body(nil) }
        return desired.data.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}
