import SpikeEvents

/// Streaming reader for Prophesee RAW (EVT 2.0, EVT 3.0) and DAT files (docs/FORMATS.md).
///
/// Decoding follows Prophesee's reference decoders (see `PropheseeStreamDecoder` and the record decoders):
/// timestamps are microseconds as the camera encoded them (not rebased to 0), TIME_HIGH wraps are unwrapped,
/// and EVT 3.0 TIME_LOW values are taken as they come (not forced monotonic). Bad bytes (a header of another
/// encoding, an event outside the sensor, a file ending inside a word) throw `EventFileError` naming the byte
/// offset. Memory is bounded by the block buffer whatever the file size.
public final class PropheseeReader: EventReader {
    public let path: String
    public let encoding: PropheseeEncoding
    private let input: DecodingFileInput<PropheseeStreamDecoder>

    /// Opens `path` and reads its header. The sensor is `sensorSize` when given, else the header's geometry
    /// (or its camera's), else `encoding.defaultSensor`. A regular file of at most `mapLimit` bytes is mapped
    /// and decoded from the mapping in `blockBytes` blocks, larger ones and pipes are read (0: always read).
    public init(path: String, encoding: PropheseeEncoding, sensorSize: SensorSize? = nil,
                blockBytes: Int = 1 << 18, mapLimit: Int64 = EventFileFormat.defaultMapLimit) throws(EventFileError) {
        self.path = path
        self.encoding = encoding
        input = try DecodingFileInput(path: path, decoder: PropheseeStreamDecoder(source: path, encoding: encoding,
                                                                                  sensorSize: sensorSize),
                                      blockBytes: blockBytes, mapLimit: mapLimit) { $0.header != nil }
    }

    public var sensorSize: SensorSize { input.decoder.sensorSize }
    /// The `%` header lines (always read by the time `init` returns).
    public var header: PropheseeHeader { input.decoder.header! }

    public func nextChunk(maxEvents: Int) throws -> EventChunk? { try input.nextChunk(maxEvents: maxEvents) }
}
