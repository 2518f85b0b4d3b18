import SpikeEvents

/// A batch already handed to a backend's device: written once into the backend's host memory as the cache stores it
/// (`[B, T, C, H, W]` counts or floats), its copy to the device started.
public protocol StagedInput: AnyObject, Sendable {
    /// `[B, T, C, H, W]`.
    var shape: [Int] { get }
}

/// A backend that takes batches as the cache stores them (the libtorch backend: page-locked host memory and an
/// asynchronous copy on CUDA, the host buffer read in place on the CPU); it converts them (to float, clipped to 1
/// for `binary` input, time-major) on its device. Called from the pipeline's prefetch task, while the previous batch
/// trains.
public protocol InputStaging: Sendable {
    /// `frames` (each `[T_b, C, H, W]`, T_b ≤ `timeSteps`) as one batch `[B, timeSteps, C, H, W]`, zero-padded.
    func stage(_ frames: [FrameTensor], timeSteps: Int, binary: Bool) throws -> any StagedInput
}

/// A training backend that also trains on staged batches.
public protocol StagedTrainingBackend: TrainingBackend {
    /// Where this backend's batches are staged.
    var staging: any InputStaging { get }
    /// `trainStep` on a staged batch (the same step as on its float tensor); under a launcher (`reducer`) the
    /// gradients are reduced over the processes on the device before the update.
    func trainStep(staged input: any StagedInput, labels: [Int], optimizer: inout Optimizer,
                   reducer: (any DeviceGradientReducer)?) throws -> StepResult
}

extension StagedTrainingBackend {
    /// `trainStep` on a staged batch in a process of its own.
    public func trainStep(staged input: any StagedInput, labels: [Int], optimizer: inout Optimizer) throws -> StepResult {
        try trainStep(staged: input, labels: labels, optimizer: &optimizer, reducer: nil)
    }
}
