import CLZ4
import CZstd
import SpikeEvents

/// Writes AEDAT 4.0 files as DV does (the inverse of `AEDAT4Reader`): the version line, an `IOHeader`
/// describing one event stream on `sensorSize`, then event packets (size-prefixed `EventPacket` FlatBuffers)
/// compressed as `compression` says. Packets of other streams can be put between them to test that readers
/// skip them. No data table is written (the header says −1).
public final class AEDAT4Writer {
    public let path: String
    public let sensorSize: SensorSize
    public let compression: AEDAT4Header.Compression
    public let streamID: UInt32
    private let output: FileOutput
    private var written = 0

    public init(path: String, sensorSize: SensorSize, compression: AEDAT4Header.Compression = .lz4,
                streamID: UInt32 = 0) throws(EventFileError) {
        self.path = path
        self.sensorSize = sensorSize
        self.compression = compression
        self.streamID = streamID
        output = try FileOutput(path: path)
        let name = ["NONE", "LZ4", "LZ4_HIGH", "ZSTD", "ZSTD_HIGH"][Int(compression.rawValue)]
        let description = AEDAT4StreamList.describe(eventStream: streamID, sensor: sensorSize, compression: name)
        try output.append(AEDAT4Header(compression: compression, description: description).fileBytes)
    }

    /// Writes `chunk` as packets of at most `packetEvents` events.
    public func write(_ chunk: EventChunk, packetEvents: Int = 4096) throws(EventFileError) {
        precondition(packetEvents > 0)
        for i in 0..<chunk.count {
            guard Int(chunk.x[i]) < sensorSize.width, Int(chunk.y[i]) < sensorSize.height, chunk.t[i] >= 0 else {
                throw .unencodable(path: path, eventIndex: written + i, reason: "x=\(chunk.x[i]), y=\(chunk.y[i]), "
                                       + "t=\(chunk.t[i]) is off the \(sensorSize) sensor or before 0 µs")
            }
        }
        var start = 0
        while start < chunk.count {
            let end = min(chunk.count, start + packetEvents)
            try writePacket(streamID: streamID, body: Self.eventPacket(chunk, start..<end))
            start = end
        }
        written += chunk.count
    }

    /// Writes a packet of another stream: `body` compressed as the file says, behind the stream id and size.
    public func writeOtherPacket(streamID: UInt32, body: [UInt8]) throws(EventFileError) {
        precondition(streamID != self.streamID, "use write(_:) for the event stream")
        try writePacket(streamID: streamID, body: body)
    }

    /// Flushes and closes the file (fsync'd unless `sync` is false); the writer cannot be used afterwards.
    public func close(sync: Bool = true) throws(EventFileError) {
        try output.finish(sync: sync)
    }

    private func writePacket(streamID: UInt32, body: [UInt8]) throws(EventFileError) {
        let packed = compress(body)
        try output.appendLittleEndian(streamID)
        try output.appendLittleEndian(UInt32(packed.count))
        for start in stride(from: 0, to: packed.count, by: 1 << 16) {
            try output.append(packed[start..<min(packed.count, start + (1 << 16))])
        }
    }

    /// A size-prefixed `EventPacket` FlatBuffer: root offset, `EVTS`, a one-field vtable, the table, the vector.
    static func eventPacket(_ chunk: EventChunk, _ range: Range<Int>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(32 + range.count * AEDAT4StreamDecoder.eventBytes)
        func put<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { out += $0 } }
        put(UInt32(28 + range.count * AEDAT4StreamDecoder.eventBytes))
        put(UInt32(16))
        out += Array(AEDAT4StreamDecoder.eventIdentifier.utf8)
        for entry: UInt16 in [6, 8, 4, 0] { put(entry) }
        put(Int32(16 - 8))
        put(UInt32(4))
        put(UInt32(range.count))
        for i in range {
            put(chunk.t[i])
            put(Int16(chunk.x[i]))
            put(Int16(chunk.y[i]))
            out += [chunk.p[i] == 0 ? 0 : 1, 0, 0, 0]
        }
        return out
    }

    private func compress(_ body: [UInt8]) -> [UInt8] {
        switch compression {
        case .none:
            return body
        case .lz4, .lz4High:
            var preferences = LZ4F_preferences_t()
            preferences.compressionLevel = compression == .lz4High ? 9 : 0
            var out = [UInt8](repeating: 0, count: LZ4F_compressFrameBound(body.count, &preferences))
            let n = out.withUnsafeMutableBytes { o in
                body.withUnsafeBytes { LZ4F_compressFrame(o.baseAddress, o.count, $0.baseAddress, $0.count, &preferences) }
            }
            precondition(LZ4F_isError(n) == 0, "LZ4 compression failed")
            return Array(out[0..<n])
        case .zstd, .zstdHigh:
            var out = [UInt8](repeating: 0, count: ZSTD_compressBound(body.count))
            let n = out.withUnsafeMutableBytes { o in
                body.withUnsafeBytes {
                    ZSTD_compress(o.baseAddress, o.count, $0.baseAddress, $0.count, compression == .zstdHigh ? 19 : 3)
                }
            }
            precondition(ZSTD_isError(n) == 0, "Zstd compression failed")
            return Array(out[0..<n])
        }
    }
}
