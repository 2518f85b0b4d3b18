import SpikeNet

/// `--device torch-cpu|cuda[:N]`: trains a network's copy on a libtorch device, step by step as the CPU engine's
/// `Network.trainStep` (loss and predictions from the output copied back per batch, which is [T·B, K] floats).
/// Batches come staged (`staging`): written once as the cache stores them, converted on the device. Under a launcher
/// its step splits around the reduction of the gradients, which stay on the device.
public final class TorchTrainer: StagedTrainingBackend, DataParallelBackend {
    public let network: TorchNetwork
    public let staging: any InputStaging

    /// A copy of `network` on `device` (libtorch's name), with `optimizer`'s kind, clips and moments, computing its
    /// convolutions and GEMMs in `precision`.
    public init(_ network: Network, optimizer: Optimizer, device: String,
                precision: ComputePrecision = .fp32) throws(TorchError) {
        self.network = try TorchNetwork(network, device: device)
        try self.network.configure(optimizer)
        try self.network.loadMoments(of: optimizer)
        try self.network.setPrecision(precision)
        staging = try TorchStaging(device: device)
    }

    public func trainStep(_ input: Tensor, labels: [Int], optimizer: inout Optimizer) throws -> StepResult {
        try trainStep(input, labels: labels, optimizer: &optimizer, reducer: nil)
    }

    public func trainStep(_ input: Tensor, labels: [Int], optimizer: inout Optimizer,
                          reducer: any DeviceGradientReducer) throws -> StepResult {
        try trainStep(input, labels: labels, optimizer: &optimizer, reducer: Optional(reducer))
    }

    private func trainStep(_ input: Tensor, labels: [Int], optimizer: inout Optimizer,
                           reducer: (any DeviceGradientReducer)?) throws -> StepResult {
        try step(shape: input.shape, labels: labels, optimizer: &optimizer, reducer: reducer) {
            desired, update, stepping throws(TorchError) in
            try network.run(input, desired: desired, update: update, stepping: stepping)
        }
    }

    public func trainStep(staged input: any StagedInput, labels: [Int], optimizer: inout Optimizer,
                          reducer: (any DeviceGradientReducer)?) throws -> StepResult {
        try step(shape: input.shape, labels: labels, optimizer: &optimizer, reducer: reducer) {
            desired, update, stepping throws(TorchError) in
            try network.run(staged: input, desired: desired, update: update, stepping: stepping)
        }
    }

    /// One optimizer step through `pass` (desired values, update, whether the pass applies it → loss and output) on
    /// a batch of `shape`: forward, loss, BPTT and the update in one libtorch call (alone) or, with `reducer`, the
    /// update after the gradients were reduced over the processes.
    private func step(shape: [Int], labels: [Int], optimizer: inout Optimizer, reducer: (any DeviceGradientReducer)?,
                      _ pass: (Tensor, (learningRate: Float, step: Int)?, Bool) throws(TorchError)
                          -> (loss: Float, output: Tensor?)) throws -> StepResult {
        let classes = network.outputWidth, batch = labels.count
        guard shape.first == batch, labels.allSatisfy({ (0..<classes).contains($0) }) else {
            throw SpikeNetError.badInput(reason: "\(labels.count) labels in 0..<\(classes) for a batch of shape \(shape)")
        }
        let desired = network.config.loss.desired(labels: labels, classes: classes, timeSteps: shape[1])
        let update = optimizer.advanceStep()
        let result: (loss: Float, output: Tensor?)
        do {
            result = try pass(desired, update, reducer == nil)
            if let reducer {
                try reducer.reduce(try network.gradientTensors(), average: network.config.lossOptions.reduction == .mean)
                try network.step(update)
            }
        } catch let error as TorchError {
            throw error.naming(batch: batch)
        }
        let (loss, output) = result
        return .scoring(output!, labels: labels, timeSteps: shape[1], loss: loss)
    }

    public func synchronize(_ network: inout Network, _ optimizer: inout Optimizer) throws {
        try self.network.copy(into: &network, &optimizer)
    }
}
