import SpikeCache
import SpikeTransforms

/// Why an augmented epoch could not be built or a sample could not be augmented.
public enum AugmentationError: Error, CustomStringConvertible, Equatable {
    /// Reading the cache failed; `noEvents` means it was built without `--store-events`.
    case cache(CacheError)
    /// The cache's `transform` attribute does not hold the binning parameters to re-bin augmented events.
    case noBinning(path: String, reason: String)
    case transform(sampleID: String, TransformError)
    case binning(sampleID: String, BinningError)

    public var description: String {
        switch self {
        case .cache(let error): error.description
        case .noBinning(let path, let reason):
            "cache '\(path)' does not record its binning (\(reason)): re-run `spikestream preprocess` to rebuild it, "
                + "or pass the binning explicitly."
        case .transform(let id, let error): "augmenting sample \(id) failed: \(error)"
        case .binning(let id, let error): "binning augmented sample \(id) failed: \(error)"
        }
    }
}
