import SpikeEvents
import SpikeFormats

/// How a preprocess run turns a file into the events of its samples: a decoder (an event file reader, or
/// e.g. the audio front end) and the deterministic event transforms that run before binning. Both must be
/// described in the cache key by whoever builds the request (`PreprocessRequest.transformDescription`).
public struct SampleLoader: Sendable {
    /// The sensor geometry of decoded recordings.
    public var sensor: SensorSize
    /// Decodes a whole recording.
    public var load: @Sendable (_ path: String) throws -> EventChunk
    /// Applies the pre-cache transforms; returns the events and the sensor they now live on.
    public var transform: @Sendable (EventChunk) throws -> (EventChunk, SensorSize)

    public init(sensor: SensorSize, load: @escaping @Sendable (String) throws -> EventChunk,
                transform: (@Sendable (EventChunk) throws -> (EventChunk, SensorSize))? = nil) {
        self.sensor = sensor
        self.load = load
        self.transform = transform ?? { (events: EventChunk) in (events, sensor) }
    }

    /// Event files in any supported format, read whole with the format's streaming reader.
    public static func eventFiles(sensor: SensorSize, orientation: DVS128Orientation = .standard) -> SampleLoader {
        SampleLoader(sensor: sensor) { path in
            guard let format = EventFileFormat.detect(path: path) else {
                throw EventFileError.malformed(path: path, offset: 0, reason: "unknown event file extension")
            }
            return try format.openReader(path: path, sensorSize: sensor, orientation: orientation).readAll()
        }
    }
}
