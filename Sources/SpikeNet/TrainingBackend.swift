/// Another compute backend for training steps (the libtorch backend of `--device torch-cpu|cuda`): it holds its own
/// copy of a network's parameters and optimizer state on its device and trains them as `Network.trainStep` would;
/// `synchronize` copies them back, so evaluation, checkpoints and inference stay on the CPU engine and the
/// checkpoint format is the engine's.
public protocol TrainingBackend: AnyObject {
    /// One optimizer step on a batch `[B, T, C, H, W]`: forward, loss, BPTT, update (as `Network.trainStep`).
    func trainStep(_ input: Tensor, labels: [Int], optimizer: inout Optimizer) throws -> StepResult
    /// Writes the backend's parameters and optimizer moments into `network` and `optimizer`.
    func synchronize(_ network: inout Network, _ optimizer: inout Optimizer) throws
}
