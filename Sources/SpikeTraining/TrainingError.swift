import Foundation
import SpikeEvents

/// Why training or inference cannot start or go on.
public enum TrainingError: Error, CustomStringConvertible, Equatable {
    case cacheWithoutEvents(cache: String, specs: [String])
    case augmentationChangesSensor(specs: [String], sensor: SensorSize, augmented: SensorSize)
    case noSamples(cache: String, split: String)
    case resumeMismatch(checkpoint: String, reason: String)
    case runExists(checkpoint: String, epochs: Int?)
    case nothingToResume(checkpoint: String)
    case fewerEpochsThanCheckpoint(checkpoint: String, done: Int, asked: Int)
    case inputMismatch(cache: String, cacheShape: [Int], networkShape: [Int])
    case binningMismatch(cache: String, model: String, differences: [String])
    case log(path: String, reason: String)
    /// `largestRecomputing`: the largest batch `memory: recompute` would fit, when that is more than `largestBatch`.
    case batchTooLarge(batch: Int, timeSteps: Int, needBytes: Int, budgetBytes: Int, largestBatch: Int,
                       largestRecomputing: Int? = nil)
    /// A data-parallel process whose cache, network, world size or starting point differs from rank 0's.
    case rankDisagrees(rank: Int, what: String)
    /// The launcher's environment (RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT) is incomplete or malformed.
    case launchEnvironment(String)

    public var description: String {
        switch self {
        case let .cacheWithoutEvents(cache, specs):
            "cache '\(cache)' stores frames only, but augment: [\(specs.joined(separator: ", "))] transforms each "
                + "sample's events every epoch, so the cache must store them too (/events). Rebuild it with events "
                + "(`spikestream train --overwrite-cache`, or `spikestream preprocess --store-events --out \(cache)`), "
                + "or leave out cache.path to use the default ROOT.<binning>.events.h5."
        case let .augmentationChangesSensor(specs, sensor, augmented):
            "augment: [\(specs.joined(separator: ", "))] turns the \(sensor) sensor into \(augmented), but the test "
                + "split is evaluated on the cached \(sensor) frames; keep the sensor size in augment: (flips, jitter, "
                + "drops) and put crops or downsampling in transforms:, before the cache."
        case let .noSamples(cache, split):
            "cache '\(cache)' has no \(split) samples; check the dataset's split (or choose another --split)."
        case let .resumeMismatch(checkpoint, reason):
            "cannot resume from '\(checkpoint)': \(reason). Train with --overwrite instead of --resume to start "
                + "over, or use --out to write the new run elsewhere."
        case let .runExists(checkpoint, epochs):
            "'\(checkpoint)' already holds a model" + (epochs.map { " trained for \($0) epoch\($0 == 1 ? "" : "s")" } ?? "")
                + "; pass --resume to continue it, --overwrite to train from scratch and replace it and its log, "
                + "or --out DIR to write the new run elsewhere."
        case let .nothingToResume(checkpoint):
            "--resume found no checkpoint at '\(checkpoint)'; drop --resume to start a new run there, or give "
                + "the --out of the run to continue."
        case let .fewerEpochsThanCheckpoint(checkpoint, done, asked):
            "'\(checkpoint)' already holds \(done) epochs, more than the \(asked) asked for; pass --epochs "
                + "\(done + 1) or more to train further, or --overwrite instead of --resume to start over."
        case let .inputMismatch(cache, cacheShape, networkShape):
            "cache '\(cache)' holds frames of shape \(cacheShape) but the model expects \(networkShape); use a "
                + "cache built with the model's pipeline (dataset, transforms and binning)."
        case let .binningMismatch(cache, model, differences):
            "cache '\(cache)' was binned otherwise than the model '\(model)' was trained on (cache → model: "
                + differences.joined(separator: ", ") + "); its scores would not mean what they say. Build a cache "
                + "with the model's pipeline binning, or pass --force to score it anyway."
        case let .log(path, reason):
            "cannot write the training log '\(path)': \(reason)."
        case let .batchTooLarge(batch, steps, need, budget, largest, recomputing):
            "a training batch of \(batch) samples × \(steps) time steps needs about \(Self.gigabytes(need)) for this "
                + "network, but \(Self.gigabytes(budget)) of memory is available; "
                + (largest > 0 ? "the largest batch that fits is \(largest): set batch_size: \(largest) in the pipeline"
                   : "not even one sample fits: use fewer time bins, a smaller input (crop, downsample) or network")
                + (recomputing.map { ", or memory: recompute (or auto), which fits up to \($0)." } ?? ".")
        case let .rankDisagrees(rank, what):
            "rank \(rank) has another \(what) than rank 0; every rank must run the same pipeline YAML on the same "
                + "cache and checkpoint (--out on storage every rank sees) with the same WORLD_SIZE."
        case let .launchEnvironment(reason):
            "data-parallel training: \(reason); see docs/DISTRIBUTED.md."
        }
    }
}

extension TrainingError {
    static func gigabytes(_ bytes: Int) -> String { String(format: "%.1f GB", Double(bytes) / 1e9) }
}
