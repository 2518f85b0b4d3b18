import SpikeCache
import SpikeEvents

/// The samples one epoch visits: those of `split` (all when `nil`), shuffled per epoch (Fisher–Yates from
/// SplitMix64), so the same `seed` and `epoch` give the same order in every process.
enum EpochOrder {
    static func indices(of reader: CacheReader, split: Split?, epoch: Int, seed: UInt64, shuffle: Bool) -> [Int] {
        var order = (0..<reader.count).filter { split == nil || reader.splits[$0] == split }
        if shuffle {
            var random = SplitMix64(seed: seed ^ (UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15))
            for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, random.index(below: i + 1)) }
        }
        return order
    }
}
