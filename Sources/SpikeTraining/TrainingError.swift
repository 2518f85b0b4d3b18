/// Why training or inference cannot start or go on.
public enum TrainingError: Error, CustomStringConvertible {
    case augmentationNeedsEvents(specs: [String])
    case noSamples(cache: String, split: String)
    case resumeMismatch(checkpoint: String, reason: String)
    case inputMismatch(cache: String, cacheShape: [Int], networkShape: [Int])
    case log(path: String, reason: String)

    public var description: String {
        switch self {
        case let .augmentationNeedsEvents(specs):
            "augment: \(specs.joined(separator: "; ")) — augmentations transform events, but this trainer reads "
                + "binned frames from the cache, so it cannot apply them yet. Remove the augment list to train "
                + "without augmentation (deterministic transforms belong in transforms:, before the cache)."
        case let .noSamples(cache, split):
            "cache '\(cache)' has no \(split) samples; check the dataset's split (or choose another --split)."
        case let .resumeMismatch(checkpoint, reason):
            "cannot resume from '\(checkpoint)': \(reason). Train without --resume to start over, or use --out "
                + "to write the new run elsewhere."
        case let .inputMismatch(cache, cacheShape, networkShape):
            "cache '\(cache)' holds frames of shape \(cacheShape) but the model expects \(networkShape); use a "
                + "cache built with the model's pipeline (dataset, transforms and binning)."
        case let .log(path, reason):
            "cannot write the training log '\(path)': \(reason)."
        }
    }
}
