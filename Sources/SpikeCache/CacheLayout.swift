import SpikeEvents

/// The public HDF5 layout of a cache (docs/CACHE.md): names h5py users rely on. Change nothing here without
/// bumping `formatVersion`.
public enum CacheLayout {
    public static let formatName = "spikestream-cache"
    public static let formatVersion = 1
    /// The registered HDF5 filter id of zstd (cd_values[0] = compression level), as used by hdf5plugin.
    public static let zstdFilterID: Int32 = 32015

    public static let frames = "frames"
    public static let frameOffsets = "frame_offsets"
    public static let labels = "labels"
    public static let splits = "splits"
    public static let sampleIDs = "sample_ids"
    /// The optional per-event group (docs/CACHE.md): 1-D datasets of all events concatenated, and `offsets`
    /// [N+1] (events of sample i are rows offsets[i] ..< offsets[i+1]).
    public static let events = "events"
    public static let eventOffsets = "offsets"

    /// The optional `/events` group (`preprocess --store-events`): every sample's events after the pre-cache
    /// transforms, concatenated in sample order as four 1-D columns, with `/events/offsets [N+1]` (sample `i`
    /// is rows `offsets[i] ..< offsets[i + 1]`). Group attributes give the sensor the events live on.
    public enum Events {
        public static let group = "events"
        public static let t = "events/t"
        public static let x = "events/x"
        public static let y = "events/y"
        public static let p = "events/p"
        public static let offsets = "events/offsets"
        /// Group attributes (int64): the sensor of the stored events.
        public static let sensorWidth = "sensor_width"
        public static let sensorHeight = "sensor_height"
        public static let sensorPolarities = "sensor_polarities"
        /// Events per HDF5 chunk of each column (t: 128 KiB before compression).
        public static let chunkEvents = 16_384
    }

    public enum Attribute {
        public static let format = "format"
        public static let formatVersion = "format_version"
        public static let dataset = "dataset"
        public static let transform = "transform"
        public static let cacheKey = "cache_key"
        public static let complete = "complete"
        public static let createdBy = "created_by"
        /// A shard cache (`preprocess --shard k/n`): "k/n", and the `cache_key` of the unsharded cache.
        public static let shard = "shard"
        public static let fullCacheKey = "full_cache_key"
        /// The samples `preprocess --on-error skip` left out (`SkippedSample`): a JSON list, `[]` when none.
        public static let skippedSamples = "skipped_samples"
        /// Names the writer sets itself; extra caller attributes may not reuse them.
        public static let reserved: Set<String> = [format, formatVersion, dataset, transform, cacheKey, complete, createdBy,
                                                   skippedSamples]
    }

    /// The suffix of a cache that is still being written.
    public static let partialSuffix = ".partial"
}

/// The per-time-step geometry of cached frames: channels, rows, columns (`[C, H, W]`).
public struct FrameGeometry: Hashable, Codable, Sendable, CustomStringConvertible {
    public var channels: Int
    public var height: Int
    public var width: Int

    public init(channels: Int, height: Int, width: Int) {
        self.channels = channels
        self.height = height
        self.width = width
    }

    public init(_ shape: FrameShape) {
        self.init(channels: shape.channels, height: shape.height, width: shape.width)
    }

    /// Elements in one time step (`C·H·W`).
    public var elementCount: Int { channels * height * width }
    public var description: String { "[\(channels), \(height), \(width)]" }

    func shape(timeSteps: Int) -> FrameShape {
        FrameShape(timeSteps: timeSteps, channels: channels, height: height, width: width)
    }
}
