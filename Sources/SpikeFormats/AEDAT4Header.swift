import SpikeEvents

/// The header of an AEDAT 4.0 file (iniVation DV; docs/FORMATS.md): after the 14-byte version line
/// `#!AER-DAT4.0\r\n`, a 32-bit little-endian length and that many bytes of FlatBuffer `IOHeader` (identifier
/// `IOHE`): field 0 the packet compression, field 1 the byte offset of the trailing data table (−1 when there is
/// none), field 2 the XML description of the streams.
public struct AEDAT4Header: Sendable, Equatable {
    public static let versionLine = Array("#!AER-DAT4.0\r\n".utf8)
    public static let identifier = "IOHE"

    /// How packet bodies are compressed (the header's `CompressionType`).
    public enum Compression: Int32, Sendable, CaseIterable {
        case none = 0, lz4 = 1, lz4High = 2, zstd = 3, zstdHigh = 4
    }

    public var compression: Compression
    /// Byte offset where packets end and the data table (an index DV writes) begins; −1 when absent.
    public var dataTablePosition: Int64
    /// The XML description of the streams (`<dv><node name="outInfo">…`).
    public var description: String
    /// Byte offset of the first packet.
    public var dataOffset: Int64

    public init(compression: Compression, dataTablePosition: Int64 = -1, description: String, dataOffset: Int64 = 0) {
        self.compression = compression
        self.dataTablePosition = dataTablePosition
        self.description = description
        self.dataOffset = dataOffset
    }

    /// Decodes the `IOHeader` FlatBuffer.
    init(flatBuffer: UnsafeRawBufferPointer, dataOffset: Int64) throws(FlatBufferDamage) {
        let table = try FlatBufferTable(root: flatBuffer, identifier: Self.identifier)
        let code = try table.scalar(0, default: Int32(0))
        guard let compression = Compression(rawValue: code) else {
            throw FlatBufferDamage(reason: "compression type \(code) is unknown (DV writes 0 none, 1 LZ4, 2 LZ4 high, "
                                       + "3 Zstd, 4 Zstd high)")
        }
        self.compression = compression
        dataTablePosition = try table.scalar(1, default: Int64(-1))
        description = try table.string(2) ?? ""
        self.dataOffset = dataOffset
    }

    /// The bytes that start a file with this header: the version line, the length and the `IOHeader`
    /// FlatBuffer (as `AEDAT4Writer` writes them).
    public var fileBytes: [UInt8] {
        // root offset, identifier, vtable (size, table size, 3 field offsets), table (vtable offset,
        // compression, data table position, description offset), then the string.
        var table: [UInt8] = []
        func put<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { table += $0 } }
        put(UInt32(20))
        table += Array(Self.identifier.utf8)
        for entry: UInt16 in [10, 20, 4, 8, 16] { put(entry) }
        put(UInt16(0))
        put(Int32(20 - 8))
        put(compression.rawValue)
        put(dataTablePosition)
        put(UInt32(4))
        put(UInt32(description.utf8.count))
        table += Array(description.utf8) + [0]
        var out = Self.versionLine
        withUnsafeBytes(of: UInt32(table.count).littleEndian) { out += $0 }
        return out + table
    }

    /// The first stream of events (`typeIdentifier` `EVTS`) the description lists, with its sensor size when
    /// the description gives one; `nil` when it lists no event stream.
    public var eventStream: (id: UInt32, sensor: SensorSize?)? {
        AEDAT4StreamList(xml: description).streams.first { $0.type == "EVTS" }.map { ($0.id, $0.sensor) }
    }
}
