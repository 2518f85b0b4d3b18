/// One process's part of an epoch's sample order in a data-parallel run, as PyTorch's `DistributedSampler` splits
/// it: the order (the single process's seeded permutation) is first padded to a multiple of `count` by repeating
/// its first samples (when `padded`), then process `rank` takes positions `rank, rank + count, rank + 2·count, …`.
/// With a per-process batch of B, global batch k (B × count samples) is then exactly the single process's batch k
/// of B × count samples.
public struct EpochShard: Sendable, Equatable {
    public var rank: Int
    public var count: Int
    /// Training pads (every process takes the same number of steps; a few samples are seen twice an epoch);
    /// evaluation does not (every sample is scored exactly once).
    public var padded: Bool

    public init(rank: Int, count: Int, padded: Bool) {
        precondition(count > 0 && (0..<count).contains(rank), "rank \(rank) of \(count)")
        self.rank = rank
        self.count = count
        self.padded = padded
    }

    /// This process's samples of `order`, in order.
    public func part<Element>(of order: [Element]) -> [Element] {
        var all = order
        if padded, !order.isEmpty {
            let total = size(of: order.count) * count
            while all.count < total { all += order.prefix(total - all.count) }
        }
        return stride(from: rank, to: all.count, by: count).map { all[$0] }
    }

    /// How many samples this process takes of an order of `n` (padded: the same on every process).
    public func size(of n: Int) -> Int {
        padded ? (n + count - 1) / count : (n - rank + count - 1) / count
    }
}
