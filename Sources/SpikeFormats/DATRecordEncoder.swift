import SpikeEvents

/// DAT records for `PropheseeWriter`: `uint32 t`, `uint32 x | y << 14 | p << 28`. Times past 2³² µs are
/// written wrapped, which the reader unwraps as long as consecutive events are less than 2³¹ µs apart.
struct DATRecordEncoder: PropheseeRecordEncoding {
    private var last: Int64 = 0

    mutating func encode(_ chunk: EventChunk, firstIndex: Int, path: String, to output: FileOutput) throws(EventFileError) {
        for i in 0..<chunk.count {
            let t = chunk.t[i]
            guard t - last < 1 << 31 else {
                throw .unencodable(path: path, eventIndex: firstIndex + i, reason: "timestamp \(t) µs is 2³¹ µs or more "
                                       + "after the previous event; DAT's 32-bit times cannot tell that from a wrap")
            }
            last = t
            try output.appendLittleEndian(UInt32(truncatingIfNeeded: t))
            try output.appendLittleEndian(UInt32(chunk.x[i]) | UInt32(chunk.y[i]) << 14 | UInt32(chunk.p[i]) << 28)
        }
    }
}
