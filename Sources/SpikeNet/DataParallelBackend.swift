/// A training backend whose step splits around the reduction of its gradients over the processes of a data-parallel
/// run (the torch backend: its gradients stay on its device and are reduced there, without a copy to this process's
/// engine).
public protocol DataParallelBackend: TrainingBackend {
    /// One data-parallel optimizer step: forward and backward on this process's part of the global batch, the
    /// gradients combined over the processes by `reducer`, then the optimizer's update, the same on every process.
    func trainStep(_ input: Tensor, labels: [Int], optimizer: inout Optimizer, reducer: any DeviceGradientReducer) throws
        -> StepResult
}

/// Combines a backend's gradient tensors over the processes, in place on their device (over c10d in
/// SpikeDistributed).
public protocol DeviceGradientReducer: AnyObject {
    /// `tensors` are the backend's gradient tensors (libtorch `at::Tensor *`, opaque here), in the same order on every
    /// process; they become the processes' gradients averaged (`average`: a mean loss) or summed (a summed loss).
    func reduce(_ tensors: [UnsafeMutableRawPointer], average: Bool) throws
}
