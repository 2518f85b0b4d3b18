import SpikeNet

/// The processes of a data-parallel run as the trainer uses them (`train` under torchrun, srun or an indexed Job;
/// implemented over PyTorch's c10d in SpikeDistributed). Every process calls the same methods in the same order.
public protocol TrainingGroup: AnyObject {
    /// This process's rank, `0..<worldSize`; rank 0 alone writes the checkpoint and the log.
    var rank: Int { get }
    var worldSize: Int { get }
    /// A reducer that averages the trainable parameters' gradients of `network` over the processes.
    func gradientReducer(for network: Network) -> any GradientReducer
    /// Averages a `DataParallelBackend`'s gradient tensors over the processes on their device (the torch backend).
    var deviceGradientReducer: any DeviceGradientReducer { get }
    /// Sums `values` over the processes, in place.
    func sum(_ values: inout [Double]) throws
    /// Rank `root`'s `values` on every process.
    func broadcast(_ values: inout [Float], from root: Int) throws
    /// Every process's `values` (the same count on each), by rank.
    func allGather(_ values: [UInt64]) throws -> [[UInt64]]
    /// Steps reduced so far and the time this process spent waiting for their gradient reductions after its
    /// backward pass (the communication the backward pass did not hide).
    var reductionWait: (steps: Int, waited: Duration) { get }
    /// Sets the flag `key` for every process (rank 0 says that work it did for all, building the cache, is done).
    func setFlag(_ key: String) throws
    /// Waits until the flag `key` is set, at most `timeout`.
    func waitForFlag(_ key: String, timeout: Duration) throws
}
