import SpikeNet

/// `--device torch-cpu|cuda[:N]`: trains a network's copy on a libtorch device, step by step as the CPU engine's
/// `Network.trainStep` (loss and predictions from the output copied back per batch, which is [T·B, K] floats).
/// Under a launcher its step splits around the reduction of the gradients, which stay on the device.
public final class TorchTrainer: DataParallelBackend {
    public let network: TorchNetwork

    /// A copy of `network` on `device` (libtorch's name), with `optimizer`'s kind, clips and moments.
    public init(_ network: Network, optimizer: Optimizer, device: String) throws(TorchError) {
        self.network = try TorchNetwork(network, device: device)
        try self.network.configure(optimizer)
        try self.network.loadMoments(of: optimizer)
    }

    public func trainStep(_ input: Tensor, labels: [Int], optimizer: inout Optimizer) throws -> StepResult {
        try step(input, labels: labels, optimizer: &optimizer, reducer: nil)
    }

    public func trainStep(_ input: Tensor, labels: [Int], optimizer: inout Optimizer,
                          reducer: any DeviceGradientReducer) throws -> StepResult {
        try step(input, labels: labels, optimizer: &optimizer, reducer: reducer)
    }

    /// Forward, loss and BPTT, then the update in the same libtorch call (alone) or, with `reducer`, after the
    /// gradients were reduced over the processes.
    private func step(_ input: Tensor, labels: [Int], optimizer: inout Optimizer,
                      reducer: (any DeviceGradientReducer)?) throws -> StepResult {
        let classes = network.outputWidth, batch = labels.count
        guard input.shape.first == batch, labels.allSatisfy({ (0..<classes).contains($0) }) else {
            throw SpikeNetError.badInput(reason: "\(labels.count) labels in 0..<\(classes) for a batch of shape \(input.shape)")
        }
        let desired = network.config.loss.desired(labels: labels, classes: classes, timeSteps: input.shape[1])
        let update = optimizer.advanceStep()
        let result: (loss: Float, output: Tensor?)
        do {
            result = try network.run(input, desired: desired, update: update, stepping: reducer == nil)
            if let reducer {
                try reducer.reduce(try network.gradientTensors(),
                                   average: network.config.lossOptions.reduction == .mean)
                try network.step(update)
            }
        } catch let error as TorchError {
            throw error.naming(batch: batch)
        }
        let (loss, output) = result
        return .scoring(output!, labels: labels, timeSteps: input.shape[1], loss: loss)
    }

    public func synchronize(_ network: inout Network, _ optimizer: inout Optimizer) throws {
        try self.network.copy(into: &network, &optimizer)
    }
}
