import SpikeCache
import SpikeEvents

/// One of `count` contiguous, equally sized (±1) blocks of a catalog's ordered sample list. Catalogs list
/// samples in a deterministic order (split, label, file index), so every machine of a job array computes the
/// same blocks, and concatenating the shard caches in index order gives exactly the unsharded cache.
public struct Shard: Hashable, Sendable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) throws(ShardError) {
        guard count >= 1, (0..<count).contains(index) else { throw .outOfRange(index: index, count: count) }
        self.index = index
        self.count = count
    }

    /// Parses `k/n` (0-based `k`), e.g. `3/8`.
    public init(parsing text: String) throws(ShardError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else { throw .unparsable(text) }
        try self.init(index: k, count: n)
    }

    /// `k/n`, as stored in the `shard` attribute.
    public var description: String { "\(index)/\(count)" }

    /// This shard's block of `total` items: `[k·N/n, (k+1)·N/n)`.
    public func range(of total: Int) -> Range<Int> {
        total * index / count..<total * (index + 1) / count
    }

    /// The cache key of this shard of the cache whose key is `full`.
    func cacheKey(full: CacheKey) throws(CacheError) -> CacheKey {
        try CacheKey(shard: description, of: full.hex)
    }
}

/// Why a `--shard k/n` value was refused.
public enum ShardError: Error, CustomStringConvertible, Equatable {
    case unparsable(String)
    case outOfRange(index: Int, count: Int)
    case moreShardsThanSamples(count: Int, samples: Int)

    public var description: String {
        switch self {
        case .unparsable(let text):
            "shard '\(text)' is not k/n: write the 0-based shard index and the shard count, e.g. 3/8"
        case .outOfRange(let k, let n):
            "shard \(k)/\(n) does not exist: n must be ≥ 1 and k in 0…n−1 (a Slurm array 0-7 with n = 8)"
        case .moreShardsThanSamples(let n, let samples):
            "\(n) shards of \(samples) samples would leave shards empty: use at most \(samples) shards"
        }
    }
}
