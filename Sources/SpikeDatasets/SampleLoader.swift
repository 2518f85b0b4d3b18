import SpikeEvents
import SpikeFormats

/// How a preprocess run turns files into the events of its samples. Whoever builds the request describes the
/// decoder's settings in the cache key (the dataset name and options).
public struct SampleLoader: Sendable {
    public enum Decoder: Sendable {
        /// Decodes a whole recording once; segment samples of it are cut from it by time, and their
        /// timestamps are shifted to start at the segment start.
        case recordings(@Sendable (_ path: String) throws -> EventChunk)
        /// Decodes each sample on its own (e.g. audio, whose front end works on one clip at a time).
        case samples(@Sendable (_ source: SampleSource) throws -> EventChunk)
    }

    /// The sensor geometry of decoded samples.
    public var sensor: SensorSize
    public var decoder: Decoder

    public init(sensor: SensorSize, decoder: Decoder) {
        self.sensor = sensor
        self.decoder = decoder
    }

    /// Event files in any supported format, read whole with the format's streaming reader.
    public static func eventFiles(sensor: SensorSize, orientation: DVS128Orientation = .standard) -> SampleLoader {
        SampleLoader(sensor: sensor, decoder: .recordings { path in
            guard let format = EventFileFormat.detect(path: path) else {
                throw EventFileError.malformed(path: path, offset: 0, reason: "unknown event file extension")
            }
            return try format.openReader(path: path, sensorSize: sensor, orientation: orientation).readAll()
        })
    }
}
