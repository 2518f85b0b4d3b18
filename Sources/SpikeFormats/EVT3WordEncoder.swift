import SpikeEvents

/// EVT 3.0 words for `PropheseeWriter`: TIME_HIGH / TIME_LOW / EVT_ADDR_Y only when they change; a run of
/// events with one time, row and polarity and rising columns within 8 (or 12) of the first becomes
/// VECT_BASE_X + VECT_8 (or VECT_12), a lone event one EVT_ADDR_X.
struct EVT3WordEncoder: PropheseeRecordEncoding {
    private var timeHigh = PropheseeTimeHighWriter(bits: 12, shift: 12)
    private var low: Int64 = -1
    private var row = -1

    mutating func encode(_ chunk: EventChunk, firstIndex: Int, path: String, to output: FileOutput) throws(EventFileError) {
        func word(_ type: UInt16, _ payload: Int) throws(EventFileError) {
            try output.appendLittleEndian(type << 12 | UInt16(payload & 0xFFF))
        }
        var i = 0
        while i < chunk.count {
            let (t, x, y, p) = (chunk.t[i], Int(chunk.x[i]), Int(chunk.y[i]), Int(chunk.p[i]))
            let highs = timeHigh.words(before: t)
            for high in highs { try word(EVT3WordDecoder.timeHigh, Int(high)) }
            if !highs.isEmpty { low = 0 }
            if t & 0xFFF != low {
                low = t & 0xFFF
                try word(EVT3WordDecoder.timeLow, Int(low))
            }
            if y != row {
                row = y
                try word(EVT3WordDecoder.addrY, y)
            }
            // The run that can share one vector word: same t, y, p, columns rising within 12 of x.
            var mask = 0
            var j = i
            while j < chunk.count, chunk.t[j] == t, Int(chunk.y[j]) == y, Int(chunk.p[j]) == p,
                  Int(chunk.x[j]) - x < 12, j == i || chunk.x[j] > chunk.x[j - 1] {
                mask |= 1 << (Int(chunk.x[j]) - x)
                j += 1
            }
            if j - i >= 2 {
                try word(EVT3WordDecoder.vectBaseX, p << 11 | x)
                try word(mask < 1 << 8 ? EVT3WordDecoder.vect8 : EVT3WordDecoder.vect12, mask)
                i = j
            } else {
                try word(EVT3WordDecoder.addrX, p << 11 | x)
                i += 1
            }
        }
    }
}
