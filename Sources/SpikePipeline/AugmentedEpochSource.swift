import AsyncAlgorithms
import Foundation
import SpikeCache
import SpikeEvents
import SpikeTransforms

/// One epoch of augmented samples: reads each sample's stored events from a cache built with
/// `preprocess --store-events`, applies the post-cache transforms with the generator of
/// `TransformRandom(seed:epoch:sample:)` (sample = the cache index, so the result depends on neither the visiting
/// order nor which worker runs it), and bins them with the cache's own binning into `LabeledFrames`.
/// Samples come in `EpochOrder` (the same seeded per-epoch order as `CacheEpochSource`), `maxConcurrency` at a
/// time. Identity transforms give exactly the cached frames.
public struct AugmentedEpochSource: AsyncSequence, Sendable {
    public typealias Element = LabeledFrames
    public let reader: CacheReader
    public let transforms: PostCacheTransforms
    /// How augmented events become frames: the cache's binning unless overridden.
    public let binning: FrameBinning
    /// The sensor of the stored events (after the pre-cache transforms).
    public let sensor: SensorSize
    /// The cache indices, in visiting order (a data-parallel process keeps its part of it).
    public var order: [Int]
    public let epoch: Int
    public let seed: UInt64
    let maxConcurrency: Int

    /// Throws `.cache(.noEvents)` when the cache has no `/events` and `.noBinning` when `binning` is `nil` and the
    /// cache's `transform` attribute does not record one.
    public init(reader: CacheReader, transforms: PostCacheTransforms, split: Split? = nil, epoch: Int = 0,
                seed: UInt64 = 0, shuffle: Bool = true, maxConcurrency: Int = 2,
                binning: FrameBinning? = nil) throws(AugmentationError) {
        guard let sensor = reader.eventSensor else { throw .cache(.noEvents(path: reader.path)) }
        self.reader = reader
        self.transforms = transforms
        if let binning { self.binning = binning } else { self.binning = try reader.recordedBinning() }
        self.sensor = sensor
        self.epoch = epoch
        self.seed = seed
        self.maxConcurrency = maxConcurrency
        order = EpochOrder.indices(of: reader, split: split, epoch: epoch, seed: seed, shuffle: shuffle)
    }

    /// Cache sample `index`, augmented for this epoch.
    public func sample(at index: Int) throws(AugmentationError) -> LabeledFrames {
        let id = reader.sampleIDs[index]
        let stored: EventChunk
        do { stored = try reader.events(at: index) } catch { throw .cache(error) }
        let augmented: (EventChunk, SensorSize)
        do {
            augmented = try transforms.apply(consume stored, sensor: sensor, seed: seed, epoch: epoch, sample: index)
        } catch { throw .transform(sampleID: id, error) }
        do {
            return LabeledFrames(id: id, label: Int(reader.labels[index]),
                                 frames: try binning.frames(augmented.0, sensor: augmented.1))
        } catch { throw .binning(sampleID: id, error) }
    }

    public func makeAsyncIterator() -> AsyncParallelMapSequence<AsyncSyncSequence<[Int]>, LabeledFrames>.Iterator {
        let source = self
        return order.async.parallelMap(maxConcurrency: maxConcurrency) { try source.sample(at: $0) }.makeAsyncIterator()
    }
}
