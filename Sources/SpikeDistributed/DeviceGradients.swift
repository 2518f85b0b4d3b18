import CTorchDistributed
import SpikeNet

/// Averages the torch backend's gradient tensors over the group in place on their device (c10d's all-reduce of
/// flattened buckets of 25 MiB, DistributedDataParallel's default size, all in flight at once), between the
/// backend's backward pass and its update. Nothing overlaps the backward pass, which runs inside one libtorch call:
/// the whole reduction counts as the step's wait.
final class DeviceGradients: DeviceGradientReducer {
    let group: ProcessGroup
    static let bucketBytes: Int64 = 25 << 20

    init(group: ProcessGroup) { self.group = group }

    func reduce(_ tensors: [UnsafeMutableRawPointer], average: Bool) throws {
        let start = ContinuousClock.now
        defer {
            group.reductionWait.steps += 1
            group.reductionWait.waited += ContinuousClock.now - start
        }
        let handles = tensors.map(Optional.some)
        try handles.withUnsafeBufferPointer { buffer throws(DistributedError) in
            try group.check(spk_dist_allreduce_tensors(group.handle, buffer.baseAddress, Int32(buffer.count), average ? 1 : 0,
                                                       Self.bucketBytes))
        }
    }
}
