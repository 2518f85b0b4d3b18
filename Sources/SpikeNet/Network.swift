/// Everything needed to build a network; `Codable` so it can travel with a checkpoint.
public struct NetworkConfig: Sendable, Codable, Hashable {
    public var spec: String
    /// Per-time-step input shape `[C, H, W]`.
    public var inputShape: [Int]
    public var neuron: Neuron
    public var rule: LearningRule
    public var loss: Loss
    public var lossOptions: LossOptions
    /// Conv-BN-spike blocks (BPSA) instead of Conv-spike.
    public var batchNorm: Bool
    /// Multiplies the default ±1/√fan-in initial weights (high-threshold neurons need larger weights to fire).
    public var initGain: Float
    /// "Same" convolutions (zero padding kernel/2, odd kernels keep H×W, as in BPSA's 3×3 Conv-BN-LIF blocks)
    /// instead of "valid" ones (no padding, as in the TSSL-BP and multi-threshold CNNs).
    public var samePadding: Bool
    public var seed: UInt64

    public init(spec: String, inputShape: [Int], neuron: Neuron, rule: LearningRule, loss: Loss,
                lossOptions: LossOptions = LossOptions(), batchNorm: Bool = false, initGain: Float = 1,
                samePadding: Bool = false, seed: UInt64 = 1) {
        self.spec = spec
        self.inputShape = inputShape
        self.neuron = neuron
        self.rule = rule
        self.loss = loss
        self.lossOptions = lossOptions
        self.batchNorm = batchNorm
        self.initGain = initGain
        self.samePadding = samePadding
        self.seed = seed
    }

    enum CodingKeys: String, CodingKey {
        case spec, inputShape, neuron, rule, loss, lossOptions, batchNorm, initGain, samePadding, seed
    }

    /// Configs saved before `samePadding` or `lossOptions` existed decode with valid convolutions and the loss
    /// scaled as it was then (batch mean, ½ on squared errors), as they were trained.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(spec: try c.decode(String.self, forKey: .spec), inputShape: try c.decode([Int].self, forKey: .inputShape),
                  neuron: try c.decode(Neuron.self, forKey: .neuron), rule: try c.decode(LearningRule.self, forKey: .rule),
                  loss: try c.decode(Loss.self, forKey: .loss),
                  lossOptions: try c.decodeIfPresent(LossOptions.self, forKey: .lossOptions) ?? LossOptions(),
                  batchNorm: try c.decode(Bool.self, forKey: .batchNorm),
                  initGain: try c.decode(Float.self, forKey: .initGain),
                  samePadding: try c.decodeIfPresent(Bool.self, forKey: .samePadding) ?? false,
                  seed: try c.decode(UInt64.self, forKey: .seed))
    }
}

/// Loss, correct predictions and batch size of one step.
public struct StepResult: Sendable, Equatable {
    public var loss: Float
    public var correct: Int
    public var count: Int
    public var accuracy: Float { count == 0 ? 0 : Float(correct) / Float(count) }
}

/// A feed-forward spiking network built from a spec string: synaptic layers, each Dense/Conv followed by a
/// spiking layer, trained by BPTT with the configured rule.
public struct Network: Sendable {
    public let config: NetworkConfig
    public internal(set) var layers: [any Layer]
    /// Per-sample output shape of each layer.
    public let shapes: [[Int]]
    /// Whether training passes recompute Conv(-BN)-spiking blocks in the backward pass instead of keeping their
    /// activations (`RecomputedBlocks.swift`): the same gradients in far less memory, for one more convolution.
    public var recomputesBlocks = false
    /// Whether the last forward pass ran with `recomputesBlocks`, which its backward pass must match.
    private var forwardRecomputed = false
    /// About how large each working tensor of a recomputed channel group may be.
    var recomputeGroupBytes = 128 << 20

    public init(_ config: NetworkConfig) throws(SpikeNetError) {
        guard config.inputShape.count == 3, config.inputShape.allSatisfy({ $0 > 0 }) else {
            throw .badInput(reason: "input shape \(config.inputShape) must be [C, H, W] with positive sizes")
        }
        self.config = config
        var random = NetRandom(seed: config.seed)
        var layers: [any Layer] = []
        var shape = config.inputShape
        var shapes: [[Int]] = []
        func add(_ layer: any Layer) throws(SpikeNetError) {
            shape = try layer.outputShape(for: shape)
            layers.append(layer)
            shapes.append(shape)
        }
        if let tauS = config.neuron.model.synapticTau { try add(SynapticFilter(tauS: tauS)) }
        let tokens = try SpecToken.parse(config.spec, inputShape: shape)
        for (index, token) in tokens.enumerated() {
            let name = "layer\(index)"
            switch token {
            case let .dense(n):
                if shape.count > 1 { try add(Flatten()) }
                try add(Dense(name: name, inputs: shape.reduce(1, *), outputs: n, random: &random))
                try add(SpikingLayer(neuron: config.neuron, rule: config.rule))
            case let .conv(filters, kernel, padding):
                guard shape.count == 3 else {
                    throw .badSpec(spec: config.spec, token: "\(filters)C\(kernel)", reason: "follows a dense layer")
                }
                try add(Conv2d(name: name, inChannels: shape[0], outChannels: filters, kernel: kernel,
                               padding: padding ?? (config.samePadding ? kernel / 2 : 0), height: shape[1], width: shape[2],
                               random: &random))
                if config.batchNorm { try add(BatchNorm(name: name + ".bn", channels: filters)) }
                try add(SpikingLayer(neuron: config.neuron, rule: config.rule))
            case let .pool(kind, size):
                try add(Pool2d(kind, size: size))
            case let .dropout(rate):
                try add(Dropout(rate: rate, seed: config.seed &+ UInt64(index) &* 0x9E37))
            case let .vote(classes, voters):
                if shape.count > 1 { try add(Flatten()) }
                try add(Dense(name: name, inputs: shape.reduce(1, *), outputs: classes * voters, random: &random))
                try add(SpikingLayer(neuron: config.neuron, rule: config.rule))
                try add(Vote(classes: classes, voters: voters))
            }
        }
        if config.initGain != 1 {
            for i in layers.indices {
                var params = layers[i].parameters
                for p in params.indices where params[p].decays { params[p].value = params[p].value.map { $0 * config.initGain } }
                layers[i].parameters = params
            }
        }
        self.layers = layers
        self.shapes = shapes
    }

    public var outputShape: [Int] { shapes.last ?? config.inputShape }

    /// Runs the network on `[B, T, C, H, W]` input (sample-major, as batches arrive) and returns the output
    /// layer's values, time-major `[T·B, K]`.
    /// `pass` numbers training passes for random layers (`RunContext.pass`).
    public mutating func forward(_ input: Tensor, training: Bool, pass: UInt64 = 0) throws(SpikeNetError) -> (Tensor, RunContext) {
        guard input.shape.count == 5, Array(input.shape[2...]) == config.inputShape else {
            throw .badInput(reason: "batch shape \(input.shape) is not [B, T] + \(config.inputShape)")
        }
        let context = RunContext(timeSteps: input.shape[1], batch: input.shape[0], training: training, pass: pass)
        var x = Network.timeMajor(input)
        forwardRecomputed = training && recomputesBlocks
        var i = 0
        while i < layers.count {
            // Evaluation keeps nothing for a backward pass either, so its blocks run in the same bounded memory.
            if forwardRecomputed || !training, let block = recomputedBlock(startingAt: i) {
                forwardRecomputed(block, &x, context)
                i = block.upperBound
            } else {
                x = layers[i].forward(x, context)
                i += 1
            }
        }
        return (x, context)
    }

    /// One optimizer step on a batch: forward, loss, BPTT backward, update.
    public mutating func trainStep(_ input: Tensor, labels: [Int], optimizer: inout Optimizer) throws(SpikeNetError) -> StepResult {
        let result = try accumulateGradients(input, labels: labels, pass: UInt64(optimizer.step))
        applyOptimizer(&optimizer)
        return result
    }

    /// The optimizer's update of every parameter from the gradients it holds.
    mutating func applyOptimizer(_ optimizer: inout Optimizer) {
        let settings = optimizer.beginStep(gradientsOf: parameters)
        for i in layers.indices { layers[i].updateParameters { optimizer.apply(settings, to: &$0) } }
    }

    /// Forward + backward without updating: parameter gradients of the batch loss (zeroed first). `pass` as in
    /// `forward`; `finished` as in `backpropagate`.
    public mutating func accumulateGradients(_ input: Tensor, labels: [Int], pass: UInt64 = 0,
                                             finished: (([Parameter]) -> Void)? = nil) throws(SpikeNetError) -> StepResult {
        try checkLabels(labels, batch: input.shape.first ?? 0)
        for i in layers.indices { layers[i].updateParameters { $0.zeroGrad() } }
        let (output, context) = try forward(input, training: true, pass: pass)
        let (loss, grad) = config.loss.evaluate(output, labels: labels, timeSteps: context.timeSteps,
                                                options: config.lossOptions)
        backpropagate(grad, context, finished: finished)
        return score(output, labels: labels, loss: loss, context: context)
    }

    /// BPTT from the loss gradient `grad` of the output; `observe(i, g)` sees what layer `i` passed down;
    /// `finished` gets the parameters of each layer (or recomputed block) as soon as its backward pass has made
    /// their gradients final, last layer first (data-parallel training starts reducing them there).
    mutating func backpropagate(_ grad: Tensor, _ context: RunContext, observe: (Int, LayerGradient) -> Void = { _, _ in },
                                finished: (([Parameter]) -> Void)? = nil) {
        var g = LayerGradient(signal: grad)
        // Below the lowest layer with weights nobody needs the error, so that layer skips computing it.
        let lowest = layers.firstIndex { $0.parameters.contains(where: \.trainable) } ?? 0
        var i = layers.count - 1
        while i >= 0 {
            // A recomputed block reports what its first layer passes down.
            let block = forwardRecomputed ? recomputedBlock(endingAt: i) : nil
            let first = block?.lowerBound ?? i
            let next: LayerGradient?
            if let block {
                next = backwardRecomputed(block, consume g, context, needInput: first > lowest)
            } else {
                next = layers[i].backward(g, context, needInput: i > lowest)
            }
            if let finished { finished(layers[first...i].flatMap(\.parameters)) }
            guard let next else { break }
            observe(first, next)
            g = next
            i = first - 1
        }
    }

    /// Evaluation-mode forward: loss and accuracy of a labelled batch.
    public mutating func evaluate(_ input: Tensor, labels: [Int]) throws(SpikeNetError) -> StepResult {
        try checkLabels(labels, batch: input.shape.first ?? 0)
        let (output, context) = try forward(input, training: false)
        let loss = config.loss.evaluate(output, labels: labels, timeSteps: context.timeSteps, options: config.lossOptions).loss
        return score(output, labels: labels, loss: loss, context: context)
    }

    /// Predicted class per sample.
    public mutating func predict(_ input: Tensor) throws(SpikeNetError) -> [Int] {
        let (output, context) = try forward(input, training: false)
        return predictions(output, batch: context.batch, timeSteps: context.timeSteps)
    }

    /// Mean firing rate of each spiking layer in the last forward pass, in layer order.
    public var firingRates: [Float] { layers.compactMap { ($0 as? SpikingLayer)?.firingRate } }

    /// All parameters and buffers, named `layerN.weight` etc. (the checkpoint contents).
    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    /// Restores parameters by name (from `parameters` of a network with the same config).
    public mutating func load(_ saved: [Parameter]) throws(SpikeNetError) {
        var byName: [String: Parameter] = [:]
        for p in saved { byName[p.name] = p }
        for i in layers.indices {
            var params = layers[i].parameters
            for j in params.indices {
                guard let s = byName[params[j].name] else { throw .missingParameter(name: params[j].name) }
                guard s.shape == params[j].shape else {
                    throw .parameterShape(name: s.name, expected: params[j].shape, got: s.shape)
                }
                params[j].value = s.value
                if s.grad.count == params[j].grad.count { params[j].grad = s.grad }
            }
            layers[i].parameters = params
        }
    }

    private func checkLabels(_ labels: [Int], batch: Int) throws(SpikeNetError) {
        let classes = outputShape.reduce(1, *)
        guard labels.count == batch else { throw .badInput(reason: "\(labels.count) labels for a batch of \(batch)") }
        if let bad = labels.first(where: { !(0..<classes).contains($0) }) {
            throw .badInput(reason: "label \(bad) is outside 0..<\(classes)")
        }
    }

    private func score(_ output: Tensor, labels: [Int], loss: Float, context: RunContext) -> StepResult {
        let predicted = predictions(output, batch: context.batch, timeSteps: context.timeSteps)
        return StepResult(loss: loss, correct: zip(predicted, labels).filter { $0 == $1 }.count, count: labels.count)
    }

    /// `[B, T, F…]` → `[T·B, F…]`.
    static func timeMajor(_ x: Tensor) -> Tensor {
        let (b, t) = (x.shape[0], x.shape[1])
        let f = x.count / max(b * t, 1)
        guard x.count > 0 else { return Tensor(shape: [t * b] + Array(x.shape[2...]), data: []) }
        // Every element is written once, so the array is not zeroed first (it is the batch's largest).
        let out = [Float](unsafeUninitializedCapacity: x.count) { dst, initialized in
            x.data.withUnsafeBufferPointer { src in
                for bi in 0..<b {
                    for ti in 0..<t {
                        (dst.baseAddress! + (ti * b + bi) * f).initialize(from: src.baseAddress! + (bi * t + ti) * f, count: f)
                    }
                }
            }
            initialized = x.count
        }
        return Tensor(shape: [t * b] + Array(x.shape[2...]), data: out)
    }
}
