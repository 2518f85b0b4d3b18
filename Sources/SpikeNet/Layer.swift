/// What every layer needs to know about the current pass. Activations are laid out time-major,
/// `[T·B, features…]`: row `t·B + b` is sample `b` at time step `t`. Synaptic layers (Dense, Conv2d, pools,
/// BatchNorm) have no state across time and process all T·B rows at once; spiking layers run the time loop.
public struct RunContext: Sendable, Equatable {
    public var timeSteps: Int
    public var batch: Int
    public var training: Bool
    /// Which training pass this is (the optimizer steps taken before it): random layers such as dropout draw
    /// from it, so a run resumed from a checkpoint draws what the uninterrupted run drew.
    public var pass: UInt64

    public init(timeSteps: Int, batch: Int, training: Bool, pass: UInt64 = 0) {
        self.timeSteps = timeSteps
        self.batch = batch
        self.training = training
        self.pass = pass
    }

    public var rows: Int { timeSteps * batch }
}

/// The error arriving at a layer in the backward pass. `signal` drives this layer's parameter gradients;
/// `downstream`, when present, is what the layer must propagate to its input instead. Plain BPTT needs only
/// `signal`; the multi-threshold rule (Xu et al., Eq. 9 vs Eq. 12) propagates a different error than the one
/// it uses for the weights.
public struct LayerGradient: Sendable {
    public var signal: Tensor
    public var downstream: Tensor?

    public init(signal: Tensor, downstream: Tensor? = nil) {
        self.signal = signal
        self.downstream = downstream
    }

    /// The error to map onto this layer's input.
    public var toPropagate: Tensor { downstream ?? signal }

    /// Applies the same linear map to both errors (for layers without parameters of their own).
    func map(_ f: (Tensor) -> Tensor) -> LayerGradient {
        LayerGradient(signal: f(signal), downstream: downstream.map(f))
    }
}

/// A named array of learnable values (or, with `trainable == false`, a saved buffer such as BatchNorm's
/// running statistics) and its accumulated gradient.
public struct Parameter: Sendable, Equatable {
    public var name: String
    public var shape: [Int]
    public var value: [Float]
    public var grad: [Float]
    public var trainable: Bool
    /// Whether AdamW's decoupled weight decay applies (weights yes, biases and norms no).
    public var decays: Bool

    public init(name: String, shape: [Int], value: [Float], trainable: Bool = true, decays: Bool = true) {
        precondition(shape.reduce(1, *) == value.count, "parameter \(name): shape \(shape) vs \(value.count) values")
        self.name = name
        self.shape = shape
        self.value = value
        self.grad = trainable ? [Float](repeating: 0, count: value.count) : []
        self.trainable = trainable
        self.decays = decays
    }

    mutating func zeroGrad() {
        if trainable { grad.withUnsafeMutableBufferPointer { $0.update(repeating: 0) } }
    }
}

/// A network stage with an explicit forward and backward pass over all time steps of a batch.
public protocol Layer: Sendable {
    /// Per-sample output shape for a per-sample input shape (throws when the input does not fit).
    func outputShape(for input: [Int]) throws(SpikeNetError) -> [Int]
    /// Forward over `[T·B, input…]`; keeps whatever the backward pass needs.
    mutating func forward(_ x: Tensor, _ context: RunContext) -> Tensor
    /// Backward from the error at the output; accumulates parameter gradients and returns the error at the
    /// input when `needInput` (the first layer skips that work).
    mutating func backward(_ g: LayerGradient, _ context: RunContext, needInput: Bool) -> LayerGradient?
    /// The layer's parameters and buffers, for optimizers and checkpoints.
    var parameters: [Parameter] { get set }
    /// Runs `body` on each parameter in place. Layers with large weights implement it directly: going
    /// through `parameters` makes the arrays shared for a moment, so the update would copy them.
    mutating func updateParameters(_ body: (inout Parameter) -> Void)
    /// The memory a training step needs for this layer, for a per-row input of shape `input` (see
    /// `TrainingMemory`).
    func footprint(input: [Int]) -> LayerFootprint
}

extension Layer {
    /// Layers that keep nothing for the backward pass: input and output, or both gradients.
    public func footprint(input: [Int]) -> LayerFootprint {
        .passThrough(input: input, output: (try? outputShape(for: input)) ?? input)
    }

    public mutating func updateParameters(_ body: (inout Parameter) -> Void) {
        var params = parameters
        guard !params.isEmpty else { return }
        for i in params.indices { body(&params[i]) }
        parameters = params
    }
}
