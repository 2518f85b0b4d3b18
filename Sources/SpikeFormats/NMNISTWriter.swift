import SpikeEvents

/// Writes N-MNIST ATIS "TD" files (5-byte records, FORMATS.md §1), the inverse of `NMNISTReader`.
///
/// Timestamps beyond the 23-bit field are encoded with `y == 240` overflow markers (+8192 µs each), so any
/// non-decreasing `Int64` timeline round-trips. Coordinates must fit a byte and `y` may not be 240.
public final class NMNISTWriter {
    public let path: String
    private let output: FileOutput
    private var timeOffset: Int64 = 0
    private var written = 0
    private var lastTime: Int64 = 0
    private static let maxRawTime: Int64 = (1 << 23) - 1

    public init(path: String) throws(EventFileError) {
        self.path = path
        output = try FileOutput(path: path)
    }

    public func write(_ chunk: EventChunk) throws(EventFileError) {
        for i in 0..<chunk.count {
            let (t, x, y, p) = (chunk.t[i], chunk.x[i], chunk.y[i], chunk.p[i])
            guard x < 256, y < 256, y != UInt16(NMNISTReader.overflowMarkerY), p < 2 else {
                throw .unencodable(path: path, eventIndex: written,
                                   reason: "x=\(x), y=\(y), p=\(p) does not fit a record (x, y < 256, y ≠ 240, p ∈ {0,1})")
            }
            guard t >= lastTime else {
                throw .unencodable(path: path, eventIndex: written,
                                   reason: "timestamp \(t) µs goes back before \(lastTime) µs; sort events by time")
            }
            lastTime = t
            while t - timeOffset > Self.maxRawTime {
                try output.append([0, NMNISTReader.overflowMarkerY, 0, 0, 0])
                timeOffset += NMNISTReader.overflowIncrement
            }
            let raw = UInt32(t - timeOffset)
            try output.append(count: 5) { out in
                out[0] = UInt8(x)
                out[1] = UInt8(y)
                out[2] = UInt8(p) << 7 | UInt8(raw >> 16)
                out[3] = UInt8(truncatingIfNeeded: raw >> 8)
                out[4] = UInt8(truncatingIfNeeded: raw)
            }
            written += 1
        }
    }

    /// Flushes and closes the file (fsync'd unless `sync` is false); the writer cannot be used afterwards.
    public func close(sync: Bool = true) throws(EventFileError) {
        try output.finish(sync: sync)
    }
}
