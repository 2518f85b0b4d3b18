import SpikeEvents

/// What a `CacheWriter` writes and how.
public struct CacheWriterConfiguration: Sendable {
    /// The final cache path `NAME.h5`; the writer works on `NAME.h5.partial` until `finish()`.
    public var path: String
    /// `CacheKey.hex` of the settings that produce the contents.
    public var cacheKey: String
    public var dataset: String
    /// JSON of the ordered transform list and binning (stored as the `transform` attribute).
    public var transformJSON: String
    public var createdBy: String
    /// Extra string attributes on `/` (e.g. the event orientation convention). Reserved names are refused.
    public var extraAttributes: [String: String]
    public var dtype: FrameDType
    public var geometry: FrameGeometry
    /// Time steps per `/frames` chunk: the fixed T when every sample has T time steps (one chunk = one
    /// sample), otherwise 1.
    public var framesPerChunk: Int
    public var compressionLevel: Int32
    /// Store each sample's events in `/events` (they must then come with every sample), on this sensor; `nil`
    /// stores frames only.
    public var eventSensor: SensorSize?
    /// Commit (open the file, write the waiting samples, then `/frame_offsets`, flush, close) after this many samples…
    public var commitEverySamples: Int
    /// …or when the waiting compressed samples reach this many bytes (bounds the writer's memory)…
    public var commitBytes: Int
    /// …or when this much time has passed since the last commit, whichever comes first.
    public var commitInterval: Duration

    public init(path: String, cacheKey: String, dataset: String, transformJSON: String, createdBy: String,
                extraAttributes: [String: String] = [:], dtype: FrameDType, geometry: FrameGeometry,
                framesPerChunk: Int, compressionLevel: Int32 = Zstd.defaultLevel, eventSensor: SensorSize? = nil,
                commitEverySamples: Int = 1024,
                commitBytes: Int = 64 << 20, commitInterval: Duration = .seconds(1)) {
        self.path = path
        self.cacheKey = cacheKey
        self.dataset = dataset
        self.transformJSON = transformJSON
        self.createdBy = createdBy
        self.extraAttributes = extraAttributes
        self.dtype = dtype
        self.geometry = geometry
        self.framesPerChunk = framesPerChunk
        self.compressionLevel = compressionLevel
        self.eventSensor = eventSensor
        self.commitEverySamples = commitEverySamples
        self.commitBytes = commitBytes
        self.commitInterval = commitInterval
    }

    public var partialPath: String { path + CacheLayout.partialSuffix }

    func validate() throws(CacheError) {
        guard framesPerChunk > 0 else { throw .invalidConfiguration(reason: "framesPerChunk must be ≥ 1") }
        guard geometry.channels > 0, geometry.height > 0, geometry.width > 0 else {
            throw .invalidConfiguration(reason: "frame geometry \(geometry) has an empty dimension")
        }
        guard commitEverySamples > 0 else { throw .invalidConfiguration(reason: "commitEverySamples must be ≥ 1") }
        if let clash = extraAttributes.keys.sorted().first(where: CacheLayout.Attribute.reserved.contains) {
            throw .invalidConfiguration(reason: "extra attribute '\(clash)' would overwrite a reserved cache attribute")
        }
    }
}

/// What the writer found at `NAME.h5.partial` when it opened.
public enum CacheOpenStatus: Sendable, Equatable, CustomStringConvertible {
    /// No partial file: a new cache was started.
    case created
    /// A partial file with the same cache key: `committedCount` samples are kept; append from there.
    case resumed(committedCount: Int)
    /// A partial file built with other settings was deleted and a new cache started.
    case restartedAfterKeyMismatch(foundKey: String)
    /// A partial file that could not be used (unreadable after a crash, or inconsistent) was deleted.
    case restartedAfterUnusablePartial(reason: String)

    public var description: String {
        switch self {
        case .created: "started a new cache"
        case .resumed(let count): "resumed a partial cache with \(count) committed samples"
        case .restartedAfterKeyMismatch(let key):
            "discarded a partial cache built with other settings (cache_key \(key)) and started a new one"
        case .restartedAfterUnusablePartial(let reason):
            "discarded an unusable partial cache (\(reason)) and started a new one"
        }
    }
}
