import SpikeEvents

/// A Prophesee RAW (EVT 2.0 / 3.0) or DAT stream pushed as it arrives: the `%` header (`PropheseeHeader`),
/// DAT's event type and size bytes, then fixed-size records decoded by the encoding's record decoder. Memory
/// is the pushed bytes plus at most one header line or one record between pushes.
///
/// The sensor is `sensorSize` when given, else the header's geometry, else the encoding's default; events
/// outside it are errors naming their byte offset. A header that declares another encoding is an error.
public struct PropheseeStreamDecoder: EventStreamDecoder {
    public let encoding: PropheseeEncoding
    private let source: String
    private let requestedSensor: SensorSize?
    private var head: PropheseeHeaderParser
    /// The header's sensor, read once the header is complete.
    private var headerSensor: SensorSize?
    private var records: (any PropheseeRecordDecoding)?
    private var preamble: [UInt8] = []
    private var splitter: RecordSplitter

    /// `source` names the stream in errors (e.g. `<stdin>`).
    public init(source: String, encoding: PropheseeEncoding, sensorSize: SensorSize? = nil) {
        self.source = source
        self.encoding = encoding
        requestedSensor = sensorSize
        head = PropheseeHeaderParser(path: source)
        splitter = RecordSplitter(recordSize: encoding.records.recordSize)
    }

    /// The header, once it has arrived.
    public var header: PropheseeHeader? { head.header }
    public var sensorSize: SensorSize { requestedSensor ?? headerSensor ?? encoding.defaultSensor }
    public var offset: Int64 {
        guard let header else { return head.offset }
        return preamble.count < encoding.records.preambleSize ? header.dataOffset + Int64(preamble.count)
            : splitter.offset + Int64(splitter.pendingBytes)
    }

    public mutating func push(_ bytes: UnsafeRawBufferPointer) throws(EventFileError) -> EventChunk {
        guard head.header == nil else { return try body(bytes) }
        guard let rest = try head.push(bytes, endOfInput: false) else { return EventChunk() }
        try start()
        return try rest.withBytes { (b) throws(EventFileError) -> EventChunk in try body(b) }
    }

    public mutating func finish() throws(EventFileError) -> EventChunk {
        if head.header == nil {
            _ = try head.push(UnsafeRawBufferPointer(start: nil, count: 0), endOfInput: true)
            try start()
        }
        if preamble.count < encoding.records.preambleSize {
            throw .truncated(path: source, offset: offset, expected: "the event type and size bytes after the header")
        }
        try splitter.finish(path: source)
        return EventChunk()
    }

    /// The header is complete: check it and set up the record decoder.
    private mutating func start() throws(EventFileError) {
        guard let header else { return }
        try encoding.records.check(header, path: source)
        headerSensor = header.geometry
        records = encoding.records.init(path: source, sensorSize: sensorSize)
        splitter = RecordSplitter(recordSize: encoding.records.recordSize,
                                  offset: header.dataOffset + Int64(encoding.records.preambleSize))
    }

    private mutating func body(_ bytes: UnsafeRawBufferPointer) throws(EventFileError) -> EventChunk {
        var bytes = bytes
        let preambleSize = encoding.records.preambleSize
        if preamble.count < preambleSize {
            let take = min(preambleSize - preamble.count, bytes.count)
            preamble.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[0..<take]))
            bytes = UnsafeRawBufferPointer(rebasing: bytes[take...])
            guard preamble.count == preambleSize else { return EventChunk() }
            let at = header!.dataOffset
            try preamble.withBytes { (b) throws(EventFileError) in try records!.readPreamble(b, offset: at) }
        }
        var out = EventChunk()
        _ = try splitter.split(bytes) { (run, at) throws(EventFileError) in
            let events = try records!.decode(run, fileOffset: at)
            if out.isEmpty { out = events } else { out.append(contentsOf: events) }
        }
        return out
    }
}
