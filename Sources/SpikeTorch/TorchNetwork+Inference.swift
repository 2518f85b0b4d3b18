import CTorchBackend
import SpikeNet

/// `infer --device` and the trainer's per-epoch test on the device: evaluation passes, with firing rates.
extension TorchNetwork: InferenceBackend {
    public func infer(_ input: Tensor) throws -> (output: Tensor, firingRates: [Float]) {
        let (_, output) = try run(input)
        var rates = [Float](repeating: 0, count: spikingWidths.count)
        try TorchError.check(spk_torch_firing_rates(handle, &rates), device: device)
        return (output!, rates)
    }
}

extension TorchTrainer: InferenceBackend {
    /// The test pass on the trained copy itself (what `synchronize` would copy back gives the same).
    public func infer(_ input: Tensor) throws -> (output: Tensor, firingRates: [Float]) { try network.infer(input) }
}
