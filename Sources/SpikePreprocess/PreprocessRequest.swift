import SpikeCache
import SpikeDatasets
import SpikeEvents
import SpikeTransforms

/// What to do when one sample cannot be decoded or binned.
public enum SampleErrorPolicy: String, Sendable, Codable, CaseIterable {
    /// Stop at the first bad sample (the cache keeps what was committed and can resume).
    case failFast = "fail"
    /// Leave the sample out and list it (file, reason) in the report.
    case skip
}

/// A preprocess job: samples of one dataset, binned one way, into one cache file.
public struct PreprocessRequest: Sendable {
    public var datasetName: String
    public var samples: [Sample]
    public var sensor: SensorSize
    /// Decoder and pre-cache transforms (default: event files in any supported format, no transforms).
    public var loader: SampleLoader
    /// Deterministic event transforms applied before binning, in order: part of the cache key and of the
    /// `transform` attribute.
    public var transforms: PreCacheTransforms
    /// Extra root attributes of the cache (e.g. the split rule of a dataset without an official split).
    public var extraAttributes: [String: String]
    /// Class names in label order, stored as the cache's `class_names` attribute (not part of the cache key:
    /// naming the classes changes no frame).
    public var classNames: [String]
    public var binning: FrameBinning
    public var output: String
    public var workers: Int
    public var compressionLevel: Int32
    public var errorPolicy: SampleErrorPolicy
    public var createdBy: String
    /// Replace an existing cache at `output` that was built with other parameters (or is not a cache).
    public var overwrite: Bool
    /// Process only this contiguous block of `samples` into its own cache (`spikestream merge` joins them).
    public var shard: Shard?
    /// Also store each sample's events (after the pre-cache transforms) in `/events`, so augmentations can run
    /// after the cache (`AugmentedEpochSource`). Part of the cache key.
    public var storeEvents: Bool

    public init(datasetName: String, samples: [Sample], sensor: SensorSize, binning: FrameBinning, output: String,
                workers: Int, compressionLevel: Int32 = Zstd.defaultLevel, errorPolicy: SampleErrorPolicy = .failFast,
                createdBy: String, overwrite: Bool = false, loader: SampleLoader? = nil,
                transforms: PreCacheTransforms = .identity, extraAttributes: [String: String] = [:],
                classNames: [String] = [], shard: Shard? = nil, storeEvents: Bool = false) {
        self.datasetName = datasetName
        self.samples = samples
        self.sensor = sensor
        self.loader = loader ?? .eventFiles(sensor: sensor)
        self.transforms = transforms
        self.extraAttributes = extraAttributes
        self.classNames = classNames
        self.binning = binning
        self.output = output
        self.workers = workers
        self.compressionLevel = compressionLevel
        self.errorPolicy = errorPolicy
        self.createdBy = createdBy
        self.overwrite = overwrite
        self.shard = shard
        self.storeEvents = storeEvents
    }

    /// The samples this run writes: all of them, or the shard's block.
    public func selectedSamples() throws(ShardError) -> ArraySlice<Sample> {
        guard let shard else { return samples[...] }
        guard shard.count <= samples.count else { throw .moreShardsThanSamples(count: shard.count, samples: samples.count) }
        return samples[shard.range(of: samples.count)]
    }

    /// T when every sample has the same number of frames (one HDF5 chunk per sample), else `nil`.
    var fixedTimeSteps: Int? {
        switch binning.slicing {
        case .nTimeBins(let t), .nEventBins(let t): t
        case .timeWindow, .eventCount: nil
        }
    }
}

/// A sample left out under `SampleErrorPolicy.skip`.
public struct SampleFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var id: String
    public var path: String
    public var reason: String
    public var description: String { "\(id): \(reason)" }
    /// As the cache lists it (`skipped_samples`).
    var skippedSample: SkippedSample { SkippedSample(id: id, path: path, reason: reason) }
}

/// What a preprocess run did.
public struct PreprocessReport: Sendable {
    public var output: String
    public var cacheKey: String
    /// `nil` when the cache at `output` was already complete with the same key and nothing was written.
    public var openStatus: CacheOpenStatus?
    /// Samples already in the partial cache when the run started (resumed), and written by this run.
    public var resumedSamples: Int
    public var writtenSamples: Int
    public var failures: [SampleFailure]
    public var events: Int
    /// Samples written by this run that hold no event (e.g. label windows outside their recording).
    public var emptySamples: Int
    public var seconds: Double
}

/// Why preprocessing stopped.
public enum PreprocessError: Error, CustomStringConvertible {
    case sampleFailed(SampleFailure)
    case noSamples(dataset: String)
    case resumeMismatch(path: String, lastID: String)
    case existingCacheDiffers(path: String, reason: String)

    public var description: String {
        switch self {
        case .sampleFailed(let f):
            "sample \(f.id) (\(f.path)) failed: \(f.reason). Fix or remove the file, or rerun with --on-error skip; "
                + "the samples before it are kept and the next run resumes after them."
        case .noSamples(let dataset): "the \(dataset) catalog lists no samples: nothing to preprocess."
        case .existingCacheDiffers(let path, let reason):
            "'\(path)' exists but \(reason); choose another --out, or pass --overwrite to replace it."
        case .resumeMismatch(let path, let id):
            "the partial cache '\(path)' ends with sample '\(id)', which this catalog does not list; delete the "
                + ".partial file to start over."
        }
    }
}
