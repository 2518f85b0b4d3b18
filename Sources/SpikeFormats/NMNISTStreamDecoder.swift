import SpikeEvents

/// N-MNIST 5-byte records pushed as they arrive (see `NMNISTReader` for the format and checks).
public struct NMNISTStreamDecoder: EventStreamDecoder {
    private var records: NMNISTRecordDecoder
    private var splitter = RecordSplitter(recordSize: NMNISTReader.recordSize)

    /// `source` names the stream in errors (e.g. `<stdin>`).
    public init(source: String, sensorSize: SensorSize = .nmnist) {
        records = NMNISTRecordDecoder(path: source, sensorSize: sensorSize)
    }

    public var sensorSize: SensorSize { records.sensorSize }
    public var offset: Int64 { splitter.offset + Int64(splitter.pendingBytes) }

    public mutating func push(_ bytes: UnsafeRawBufferPointer) throws(EventFileError) -> EventChunk {
        var events = EventChunk()
        _ = try splitter.split(bytes) { (run, at) throws(EventFileError) in
            events.append(contentsOf: try records.decode(run, fileOffset: at))
        }
        return events
    }

    public mutating func finish() throws(EventFileError) -> EventChunk {
        try splitter.finish(path: records.path)
        return EventChunk()
    }
}
