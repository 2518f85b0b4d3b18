import SpikeNet

/// `--device torch-cpu|cuda[:N]`: trains a network's copy on a libtorch device, step by step as the CPU engine's
/// `Network.trainStep` (loss and predictions from the output copied back per batch, which is [T·B, K] floats).
public final class TorchTrainer: TrainingBackend {
    public let network: TorchNetwork

    /// A copy of `network` on `device` (libtorch's name), with `optimizer`'s kind, clips and moments.
    public init(_ network: Network, optimizer: Optimizer, device: String) throws(TorchError) {
        self.network = try TorchNetwork(network, device: device)
        try self.network.configure(optimizer)
        try self.network.loadMoments(of: optimizer)
    }

    public func trainStep(_ input: Tensor, labels: [Int], optimizer: inout Optimizer) throws -> StepResult {
        let classes = network.outputWidth, batch = labels.count
        guard input.shape.first == batch, labels.allSatisfy({ (0..<classes).contains($0) }) else {
            throw SpikeNetError.badInput(reason: "\(labels.count) labels in 0..<\(classes) for a batch of shape \(input.shape)")
        }
        let (loss, output) = try network.run(input, desired: desired(labels, steps: input.shape[1]), update: optimizer.advanceStep())
        return .scoring(output!, labels: labels, timeSteps: input.shape[1], loss: loss)
    }

    /// The loss's desired values for integer labels: one-hot mean rates `[B, K]` (rate MSE) or `target`/`other`
    /// at every step `[T·B, K]` (per-step MSE).
    private func desired(_ labels: [Int], steps: Int) -> Tensor {
        let classes = network.outputWidth, batch = labels.count
        guard case let .perStepMSE(target, other) = network.config.loss else {
            var rates = Tensor(zeros: [batch, classes])
            for (b, label) in labels.enumerated() { rates.data[b * classes + label] = 1 }
            return rates
        }
        return Tensor(shape: [steps * batch, classes],
                      data: (0..<steps * batch * classes).map { $0 % classes == labels[$0 / classes % batch] ? target : other })
    }

    public func synchronize(_ network: inout Network, _ optimizer: inout Optimizer) throws {
        try self.network.copy(into: &network, &optimizer)
    }
}
