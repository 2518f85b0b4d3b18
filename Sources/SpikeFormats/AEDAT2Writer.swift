import SpikeEvents

/// Writes jAER AEDAT 2.0 files with DVS128 address words (FORMATS.md §2), the inverse of `AEDAT2Reader`.
///
/// `write(_:)` encodes events given in `orientation` (DVS128: x, y < 128); timestamps are stored modulo 2³², so
/// they may run past the 32-bit wrap as long as the reader's `AEDAT2Timeline` unwraps them back to the same
/// time. `writeRecord` writes any raw word pair, for special/sync events and tests.
public final class AEDAT2Writer {
    public static let defaultHeader = [
        "#!AER-DAT2.0",
        "# This is a raw AE data file - do not edit",
        "# Data format is int32 address, int32 timestamp (8 bytes total), repeated for each event",
        "# Timestamps tick is 1 us",
        "# created by SpikeStream",
    ]

    public let path: String
    public let orientation: DVS128Orientation
    private let output: FileOutput
    private var written = 0
    private var timeline = AEDAT2Timeline()

    /// Creates `path` and writes `headerLines`, each ending in `lineEnd` (jAER writes CRLF). Every line must
    /// start with `#` and be printable ASCII, the first one `#!AER-DAT2.…` (a programming error otherwise).
    public init(path: String, orientation: DVS128Orientation = .standard, headerLines: [String] = defaultHeader,
                lineEnd: String = "\r\n") throws(EventFileError) {
        self.path = path
        self.orientation = orientation
        AEDATHeader.checkWritable(headerLines, version: "2.")
        output = try FileOutput(path: path)
        try output.append(Array(headerLines.map { $0 + lineEnd }.joined().utf8))
    }

    public func write(_ chunk: EventChunk) throws(EventFileError) {
        for i in 0..<chunk.count {
            let (t, x, y, p) = (chunk.t[i], chunk.x[i], chunk.y[i], chunk.p[i])
            guard x < 128, y < 128, p < 2 else {
                throw .unencodable(path: path, eventIndex: written,
                                   reason: "x=\(x), y=\(y), p=\(p) does not fit a DVS128 address (x, y < 128, p ∈ {0,1})")
            }
            var next = timeline
            let read = next.time(of: UInt32(truncatingIfNeeded: t))
            guard read == t else {
                throw .unencodable(path: path, eventIndex: written,
                                   reason: "timestamp \(t) µs would read back as \(read) µs from its low 32 "
                                       + "bits (AEDAT 2.0 time is unsigned; a fall of more than 2³¹ µs is a wrap)")
            }
            timeline = next
            try writeRecord(address: orientation.address(x: x, y: y, p: p), timestamp: UInt32(truncatingIfNeeded: t))
        }
    }

    /// Appends one raw record (big-endian address and timestamp words).
    public func writeRecord(address: UInt32, timestamp: UInt32) throws(EventFileError) {
        try output.append(count: AEDAT2Reader.recordSize) { out in
            UnsafeMutableRawPointer(out).storeBytes(of: address.bigEndian, as: UInt32.self)
            UnsafeMutableRawPointer(out + 4).storeBytes(of: timestamp.bigEndian, as: UInt32.self)
        }
        written += 1
    }

    /// Flushes and closes the file (fsync'd unless `sync` is false); the writer cannot be used afterwards.
    public func close(sync: Bool = true) throws(EventFileError) {
        try output.finish(sync: sync)
    }
}
