import CTorchDistributed

/// What data-parallel training reports, in the user's terms; c10d's own message follows as the reason.
public enum DistributedError: Error, Equatable, CustomStringConvertible {
    /// This process could not join: rank 0's store was not reached, or not every rank came, within the timeout.
    case rendezvous(rank: Int, address: String, port: Int, reason: String)
    /// A collective failed because rank `lost` stopped (its process ended, or it no longer answers).
    case rankLost(rank: Int, lost: Int, reason: String)
    /// A collective did not finish within the timeout though every rank is still alive.
    case timedOut(rank: Int, seconds: Int, reason: String)
    /// Anything else c10d refused or raised.
    case failed(rank: Int, reason: String)

    public var description: String {
        switch self {
        case let .rendezvous(rank, address, port, reason):
            "rank \(rank) could not join the training group at \(address):\(port): \(reason). Check that every rank "
                + "has the same MASTER_ADDR, MASTER_PORT and WORLD_SIZE, that rank 0 runs and that its port is open."
        case let .rankLost(rank, lost, reason):
            "rank \(rank): rank \(lost) stopped" + (lost == 0 ? " (it hosts the group's store)" : "")
                + ", so training cannot go on (\(reason)). Start the job again with --resume to continue from the "
                + "last checkpoint."
        case let .timedOut(rank, seconds, reason):
            "rank \(rank): a collective did not finish within \(seconds) s though every rank is alive (one rank is "
                + "much slower or stuck): \(reason). Raise --timeout, or start the job again with --resume."
        case let .failed(rank, reason):
            "rank \(rank): data-parallel training failed: \(reason)"
        }
    }
}
