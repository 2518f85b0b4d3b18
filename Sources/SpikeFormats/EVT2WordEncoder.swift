import SpikeEvents

/// EVT 2.0 words for `PropheseeWriter`: a TIME_HIGH (bits 33…6 of the time) whenever it changes, then one
/// CD_OFF / CD_ON word per event with the 6 low time bits.
struct EVT2WordEncoder: PropheseeRecordEncoding {
    private var timeHigh = PropheseeTimeHighWriter(bits: 28, shift: 6)

    mutating func encode(_ chunk: EventChunk, firstIndex: Int, path: String, to output: FileOutput) throws(EventFileError) {
        for i in 0..<chunk.count {
            let t = chunk.t[i]
            for high in timeHigh.words(before: t) {
                try output.appendLittleEndian(EVT2WordDecoder.timeHigh << 28 | high)
            }
            let word = UInt32(chunk.p[i]) << 28 | UInt32(t & 0x3F) << 22 | UInt32(chunk.x[i]) << 11 | UInt32(chunk.y[i])
            try output.appendLittleEndian(word)
        }
    }
}
