import SpikeEvents

/// Streaming reader for jAER AEDAT 2.0 files with DVS128 address words (CIFAR10-DVS, MNIST-DVS; FORMATS.md §2).
///
/// After the `#` header come 8-byte big-endian records `uint32 address, uint32 timestamp (µs)`. Addresses with
/// bit 31 (special) or bit 15 (sync / external input) set are not pixel events: they are skipped and counted.
/// Timestamps are unsigned and unwrapped by `AEDAT2Timeline` (never negative; a fall of more than 2³¹ µs is the
/// 32-bit wrap after 71.6 min); a smaller step backwards is kept and counted in `backwardSteps`.
/// Memory is bounded by the block buffer whatever the file size.
public final class AEDAT2Reader: EventReader {
    public static let recordSize = 8
    public static let specialBit: UInt32 = 0x8000_0000
    public static let syncBit: UInt32 = 0x8000

    public let path: String
    public let sensorSize = SensorSize.dvs128
    public var orientation: DVS128Orientation { decoder.orientation }
    public let header: AEDATHeader
    /// Records with bit 31 set (special events), skipped.
    public var specialEvents: Int { decoder.specialEvents }
    /// Records with bit 15 set and bit 31 clear (sync / external-input events), skipped.
    public var syncEvents: Int { decoder.syncEvents }
    /// Pixel events whose timestamp is smaller than the previous one's (kept, counted, never silent).
    public var backwardSteps: Int { decoder.backwardSteps }

    private let window: AEDATBufferedInput
    private var decoder: AEDAT2RecordDecoder

    /// Opens `path` and parses its header. Fails at once when the file is empty, is not AEDAT 2.x, or its body
    /// is not a whole number of 8-byte records (naming the offset of the incomplete record). Chunks hold at most
    /// `blockRecords` records; a regular file of at most `mapLimit` bytes is mapped and decoded in place (no copy
    /// into a buffer), larger ones and pipes are read block by block (0: always read).
    public init(path: String, orientation: DVS128Orientation = .standard,
                blockRecords: Int = 1 << 16, mapLimit: Int64 = EventFileFormat.defaultMapLimit) throws(EventFileError) {
        precondition(blockRecords > 0)
        self.path = path
        decoder = AEDAT2RecordDecoder(orientation: orientation)
        window = try .open(path: path, blockBytes: blockRecords * Self.recordSize, mapLimit: mapLimit)
        header = try AEDATHeader.read(from: window, version: "2.",
                                      otherReader: "AEDAT31Reader (EventFileFormat.aedat31)", untilEndMarker: false)
        if let size = window.input.size {
            let bodyRemainder = Int((size - header.dataOffset) % Int64(Self.recordSize))
            if bodyRemainder != 0 {
                throw .truncatedRecord(path: path, offset: size - Int64(bodyRemainder), recordSize: Self.recordSize,
                                       bytesLeft: bodyRemainder)
            }
        }
    }

    public func nextChunk(maxEvents: Int) throws -> EventChunk? {
        precondition(maxEvents > 0, "maxEvents must be positive")
        let maxRecords = min(maxEvents, window.capacity / Self.recordSize)
        while true {
            let start = window.offset
            try window.fill(atLeast: maxRecords * Self.recordSize)
            let records = min(maxRecords, window.available / Self.recordSize)
            if records == 0 {
                guard window.available == 0 else {
                    // Only a file that shrank or a pipe can end mid-record: sizes are checked at open.
                    throw EventFileError.truncatedRecord(path: path, offset: start, recordSize: Self.recordSize,
                                                         bytesLeft: window.available)
                }
                return nil
            }
            let chunk = decoder.decode(UnsafeRawBufferPointer(rebasing: window.bytes[0..<records * Self.recordSize]))
            window.consume(records * Self.recordSize)
            if !chunk.isEmpty { return chunk }
        }
    }
}
