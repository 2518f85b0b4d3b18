import CTorchDistributed
import SpikeNet
import SpikeTraining

/// This process's membership of a data-parallel group over PyTorch's c10d: a TCPStore rendezvous on rank 0 and a
/// Gloo process group (CPU buffers, in place). Used by one training loop at a time, as c10d requires (every rank
/// calls the same collectives in the same order).
public final class ProcessGroup: TrainingGroup {
    public let rank: Int
    public let worldSize: Int
    let timeoutSeconds: Int
    let handle: OpaquePointer
    public internal(set) var reductionWait: (steps: Int, waited: Duration) = (0, .zero)

    /// Joins the group `launch` describes; `timeout` bounds the rendezvous and every collective.
    public init(_ launch: LaunchEnvironment, timeout: Duration) throws(DistributedError) {
        rank = launch.rank
        worldSize = launch.worldSize
        timeoutSeconds = Int(timeout.components.seconds)
        var pointer: OpaquePointer?
        let status = spk_dist_join(launch.masterAddress, Int32(launch.masterPort), Int32(launch.rank),
                                   Int32(launch.worldSize), Int64(timeoutSeconds) * 1000, &pointer)
        guard status == SPK_DIST_OK, let pointer else {
            throw .rendezvous(rank: launch.rank, address: launch.masterAddress, port: launch.masterPort,
                              reason: String(cString: spk_dist_last_error()))
        }
        handle = pointer
    }

    deinit { spk_dist_leave(handle) }

    /// Turns a C API status into a thrown error naming the lost rank where the heartbeats tell it.
    func check(_ status: Int32) throws(DistributedError) {
        guard status != SPK_DIST_OK else { return }
        let reason = String(cString: spk_dist_last_error())
        guard status == SPK_DIST_PEER_LOST else { throw .failed(rank: rank, reason: reason) }
        let lost = Int(spk_dist_lost_rank(handle))
        throw lost >= 0 ? .rankLost(rank: rank, lost: lost, reason: reason)
            : .timedOut(rank: rank, seconds: timeoutSeconds, reason: reason)
    }

    public func gradientReducer(for network: Network) -> any GradientReducer { GradientBuckets(group: self, network: network) }

    public var deviceGradientReducer: any DeviceGradientReducer { DeviceGradients(group: self) }

    public func sum(_ values: inout [Double]) throws {
        try values.withUnsafeMutableBufferPointer { buffer throws(DistributedError) in
            try check(spk_dist_allreduce_sum_f64(handle, buffer.baseAddress, Int64(buffer.count)))
        }
    }

    public func broadcast(_ values: inout [Float], from root: Int) throws {
        try values.withUnsafeMutableBufferPointer { buffer throws(DistributedError) in
            try check(spk_dist_broadcast_f32(handle, buffer.baseAddress, Int64(buffer.count), Int32(root)))
        }
    }

    public func allGather(_ values: [UInt64]) throws -> [[UInt64]] {
        var gathered = [UInt64](repeating: 0, count: values.count * worldSize)
        try gathered.withUnsafeMutableBufferPointer { out throws(DistributedError) in
            try check(spk_dist_allgather_u64(handle, values, Int64(values.count), out.baseAddress))
        }
        return (0..<worldSize).map { Array(gathered[$0 * values.count..<($0 + 1) * values.count]) }
    }

    /// Returns when every rank has called it.
    public func barrier() throws { try check(spk_dist_barrier(handle)) }

    /// Sets the flag `key` in the group's store, for `waitForFlag` on the other ranks.
    public func setFlag(_ key: String) throws { try check(spk_dist_store_set(handle, key)) }

    /// Waits until some rank sets `key`, at most `timeout` (work one rank does for all: building the cache).
    public func waitForFlag(_ key: String, timeout: Duration) throws {
        try check(spk_dist_store_wait(handle, key, Int64(timeout.components.seconds) * 1000))
    }

    /// Starts summing (or averaging) `count` floats at `data` over the group; `data` must stay valid until `wait`.
    func startReduction(_ data: UnsafeMutablePointer<Float>, count: Int, average: Bool) throws(DistributedError)
        -> OpaquePointer {
        var work: OpaquePointer?
        try check(spk_dist_allreduce_start(handle, data, Int64(count), average ? 1 : 0, &work))
        guard let work else { throw .failed(rank: rank, reason: "no work handle") }
        return work
    }

    func wait(_ work: OpaquePointer) throws(DistributedError) { try check(spk_dist_wait(handle, work)) }
}
