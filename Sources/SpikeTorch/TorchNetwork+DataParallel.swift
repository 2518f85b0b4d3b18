import CTorchBackend

/// A training step in two halves for data-parallel training: `run(…, stepping: false)` leaves this process's
/// gradients on the device, a `DeviceGradientReducer` reduces `gradientTensors()` in place there, then `step`
/// applies the optimizer to them.
extension TorchNetwork {
    /// The trainable parameters' gradient tensors of the last training pass, in parameter order, as libtorch
    /// `at::Tensor *` (for C++ code linked to the same libtorch: SpikeDistributed's c10d all-reduce).
    public func gradientTensors() throws(TorchError) -> [UnsafeMutableRawPointer] {
        var count: Int32 = 0
        try TorchError.check(spk_torch_gradients(handle, nil, 0, &count))
        var tensors = [UnsafeMutableRawPointer?](repeating: nil, count: Int(count)), filled: Int32 = 0
        try TorchError.check(spk_torch_gradients(handle, &tensors, count, &filled))
        return tensors.prefix(Int(filled)).compactMap { $0 }
    }

    /// The optimizer's update number `update.step` (1-based) with `update.learningRate`, from the gradients as they
    /// are now.
    public func step(_ update: (learningRate: Float, step: Int)) throws(TorchError) {
        try TorchError.check(spk_torch_step(handle, Int64(update.step), update.learningRate), device: device)
    }
}
