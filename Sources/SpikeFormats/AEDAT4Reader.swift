import SpikeEvents

/// Streaming reader for AEDAT 4.0 files (iniVation DV; docs/FORMATS.md). Decodes the events of the first
/// event stream the header describes, packet by packet (LZ4, Zstd or uncompressed), and skips every other
/// stream by its packet sizes; see `AEDAT4StreamDecoder` for the layout, checks and limits. Timestamps are
/// absolute µs since the Unix epoch. Memory is one block plus the largest event packet, whatever the file size.
public final class AEDAT4Reader: EventReader {
    public let path: String
    private let input: DecodingFileInput<AEDAT4StreamDecoder>

    /// Opens `path` and reads its header. The sensor is `sensorSize` when given, else the event stream's
    /// `sizeX` × `sizeY` from the description, else `AEDAT4StreamDecoder.defaultSensor`. A regular file of at
    /// most `mapLimit` bytes is mapped and pushed from the mapping in `blockBytes` blocks, larger ones and pipes
    /// are read (0: always read).
    public init(path: String, sensorSize: SensorSize? = nil, blockBytes: Int = 1 << 18,
                maxPacketBytes: Int = AEDAT4StreamDecoder.defaultMaxPacketBytes,
                mapLimit: Int64 = EventFileFormat.defaultMapLimit) throws(EventFileError) {
        self.path = path
        input = try DecodingFileInput(path: path, decoder: AEDAT4StreamDecoder(source: path, sensorSize: sensorSize,
                                                                               maxPacketBytes: maxPacketBytes),
                                      blockBytes: blockBytes, mapLimit: mapLimit) { $0.header != nil }
    }

    public var sensorSize: SensorSize { input.decoder.sensorSize }
    /// The file's header (always read by the time `init` returns).
    public var header: AEDAT4Header { input.decoder.header! }
    /// Event packets decoded so far, and packets of other streams skipped.
    public var eventPackets: Int { input.decoder.eventPackets }
    public var skippedPackets: Int { input.decoder.skippedPackets }

    public func nextChunk(maxEvents: Int) throws -> EventChunk? { try input.nextChunk(maxEvents: maxEvents) }
}
