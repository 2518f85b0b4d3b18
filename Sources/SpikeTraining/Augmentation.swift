import SpikeCache
import SpikeEvents
import SpikeTransforms

extension PipelineConfig {
    /// For an augmenting pipeline: refuses an existing cache at `cachePath` that stores no events, before
    /// `train` tries to rebuild it (which would stop on a cache-key mismatch that does not say why). A missing
    /// or unreadable file is left to the preprocess step, which builds it or names the problem.
    public func checkExistingCacheStoresEvents() throws(TrainingError) {
        guard storesEvents, let reader = try? CacheReader(path: cachePath) else { return }
        guard reader.eventSensor != nil else { throw .cacheWithoutEvents(cache: cachePath, specs: augment) }
    }

    /// The augmentations of the training split of `reader`'s cache, `nil` when the pipeline has none. Throws
    /// when the cache stores no events or when the augmentations change the sensor size (the network and the
    /// unaugmented test frames keep the cached geometry).
    func trainingAugmentation(for reader: CacheReader) throws -> PostCacheTransforms? {
        guard storesEvents else { return nil }
        guard let sensor = reader.eventSensor else {
            throw TrainingError.cacheWithoutEvents(cache: reader.path, specs: augment)
        }
        let transforms = try postCacheTransforms
        // A step's output sensor depends on its parameters only, so an empty chunk tells it.
        let augmented = try transforms.apply(EventChunk(), sensor: sensor, seed: seed, epoch: 1, sample: 0).1
        guard augmented == sensor else {
            throw TrainingError.augmentationChangesSensor(specs: augment, sensor: sensor, augmented: augmented)
        }
        return transforms
    }
}
