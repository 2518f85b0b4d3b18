import SpikeEvents

/// Streaming reader for N-MNIST / N-Caltech101 ATIS "TD" files (`.bin`, and SLAYER's `.bs2`): 5-byte
/// big-endian records `x | y | p:1 t:23` (FORMATS.md §1).
///
/// A record with `y == 240` is a timestamp-overflow marker: it adds 8192 µs to every later event and is
/// dropped (the rule of the dataset authors' reader, which tonic copies). Memory is bounded by the block
/// buffer (`blockRecords` records) whatever the file size. Every event is checked against `sensorSize`
/// (34×34 for N-MNIST; pass the N-Caltech101 size for those files): a record outside it is an error that
/// names its byte offset, since any 5 bytes decode to *some* event and only the range tells garbage apart.
public final class NMNISTReader: EventReader {
    public static let recordSize = 5
    public static let overflowMarkerY: UInt8 = 240
    public static let overflowIncrement: Int64 = 1 << 13

    public let path: String
    public let sensorSize: SensorSize
    /// Overflow markers seen so far.
    public var overflowMarkers: Int { decoder.overflowMarkers }
    /// Events whose timestamp is smaller than the previous event's (kept, and counted, never silent).
    public var backwardSteps: Int { decoder.backwardSteps }

    private let input: FileInput
    private let buffer: UnsafeMutableRawBufferPointer
    private var decoder: NMNISTRecordDecoder

    /// Opens `path`. Fails at once, naming the offset of the incomplete record, when the file size is not a
    /// multiple of 5.
    public init(path: String, sensorSize: SensorSize = .nmnist, blockRecords: Int = 1 << 16) throws(EventFileError) {
        precondition(blockRecords > 0)
        self.path = path
        self.sensorSize = sensorSize
        decoder = NMNISTRecordDecoder(path: path, sensorSize: sensorSize)
        input = try FileInput(path: path)
        if input.size == 0 { throw .emptyFile(path: path) }
        if let size = input.size, size % Int64(Self.recordSize) != 0 {
            let remainder = Int(size % Int64(Self.recordSize))
            throw .truncatedRecord(path: path, offset: size - Int64(remainder), recordSize: Self.recordSize,
                                   bytesLeft: remainder)
        }
        buffer = .allocate(byteCount: blockRecords * Self.recordSize, alignment: 8)
    }

    deinit { buffer.deallocate() }

    public func nextChunk(maxEvents: Int) throws -> EventChunk? {
        precondition(maxEvents > 0, "maxEvents must be positive")
        let maxBytes = min(maxEvents, buffer.count / Self.recordSize) * Self.recordSize
        while true {
            let start = input.offset
            let n = try input.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<maxBytes]))
            if n == 0 { return nil }
            if n % Self.recordSize != 0 {
                // Only a file that shrank or a pipe can end mid-record: sizes are checked at open.
                let whole = n - n % Self.recordSize
                throw EventFileError.truncatedRecord(path: path, offset: start + Int64(whole),
                                                     recordSize: Self.recordSize, bytesLeft: n % Self.recordSize)
            }
            let chunk = try decoder.decode(UnsafeRawBufferPointer(rebasing: buffer[0..<n]), fileOffset: start)
            if !chunk.isEmpty { return chunk }
        }
    }
}
