import AsyncAlgorithms
import SpikeCache
import SpikeEvents

/// One epoch of samples from a cache: the samples of `split` (all when `nil`), in a per-epoch shuffled order
/// (the same `seed` and `epoch` give the same order), read at random by `maxConcurrency` parallel readers and
/// delivered in that order.
public struct CacheEpochSource: AsyncSequence, Sendable {
    public typealias Element = LabeledFrames
    public let reader: CacheReader
    /// The cache indices, in visiting order (a data-parallel process keeps its part of it).
    public var order: [Int]
    let maxConcurrency: Int

    public init(reader: CacheReader, split: Split? = nil, epoch: Int = 0, seed: UInt64 = 0, shuffle: Bool = true,
                maxConcurrency: Int = 2) {
        self.reader = reader
        self.maxConcurrency = maxConcurrency
        order = EpochOrder.indices(of: reader, split: split, epoch: epoch, seed: seed, shuffle: shuffle)
    }

    public func makeAsyncIterator() -> AsyncParallelMapSequence<AsyncSyncSequence<[Int]>, LabeledFrames>.Iterator {
        let reader = self.reader
        return order.async.parallelMap(maxConcurrency: maxConcurrency) { i in
            LabeledFrames(id: reader.sampleIDs[i], label: Int(reader.labels[i]), frames: try reader.frames(at: i))
        }.makeAsyncIterator()
    }
}
