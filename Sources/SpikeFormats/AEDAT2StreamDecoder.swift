import SpikeEvents

/// AEDAT 2.0 (DVS128) pushed as it arrives: the `#` header, then 8-byte big-endian records, decoded with the
/// same orientation conventions and timeline rules as `AEDAT2Reader`.
public struct AEDAT2StreamDecoder: EventStreamDecoder {
    public let sensorSize = SensorSize.dvs128
    private let source: String
    private var head: AEDATStreamHeader
    private var records: AEDAT2RecordDecoder
    private var splitter = RecordSplitter(recordSize: AEDAT2Reader.recordSize)

    public init(source: String, orientation: DVS128Orientation = .standard) {
        self.source = source
        head = AEDATStreamHeader(source: source, version: "2.", otherDecoder: "AEDAT31StreamDecoder (--format aedat31)",
                                 untilEndMarker: false)
        records = AEDAT2RecordDecoder(orientation: orientation)
    }

    /// The header, once it has arrived.
    public var header: AEDATHeader? { head.header }
    public var offset: Int64 { head.header == nil ? head.offset : splitter.offset + Int64(splitter.pendingBytes) }

    public mutating func push(_ bytes: UnsafeRawBufferPointer) throws(EventFileError) -> EventChunk {
        guard head.header == nil else { return try body(bytes) }
        return try bodyAfterHeader(try head.push(bytes, endOfInput: false))
    }

    public mutating func finish() throws(EventFileError) -> EventChunk {
        var events = EventChunk()
        if head.header == nil { events = try bodyAfterHeader(try head.push(UnsafeRawBufferPointer(start: nil, count: 0), endOfInput: true)) }
        try splitter.finish(path: source)
        return events
    }

    private mutating func bodyAfterHeader(_ rest: [UInt8]?) throws(EventFileError) -> EventChunk {
        guard let rest, let header = head.header else { return EventChunk() }
        splitter = RecordSplitter(recordSize: AEDAT2Reader.recordSize, offset: header.dataOffset)
        return try rest.withBytes { (b) throws(EventFileError) -> EventChunk in try body(b) }
    }

    private mutating func body(_ bytes: UnsafeRawBufferPointer) throws(EventFileError) -> EventChunk {
        var events = EventChunk()
        _ = try splitter.split(bytes) { (run, _) throws(EventFileError) in events.append(contentsOf: records.decode(run)) }
        return events
    }
}
