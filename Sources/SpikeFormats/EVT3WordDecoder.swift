import SpikeEvents

/// Prophesee EVT 3.0 words (16-bit little-endian, type in the top 4 bits; docs/FORMATS.md): a state machine
/// of row (EVT_ADDR_Y), time (EVT_TIME_HIGH with wrap, EVT_TIME_LOW), and polarity and base column
/// (VECT_BASE_X), with events from EVT_ADDR_X (one) and VECT_12 / VECT_8 (one per set bit, at base + bit,
/// after which the base moves on by 12 / 8). Decoded as Prophesee's reference decoder does, which differs from
/// expelliarmus: TIME_LOW sets the low 12 bits of the time and is not monotonic (several sources share one
/// TIME_HIGH), so a smaller TIME_LOW is not a wrap. Words before the first EVT_TIME_HIGH are dropped; EM_Y (0x1) starts events that are not change detections, which are skipped until
/// the next EVT_ADDR_Y; triggers and vendor words are skipped.
struct EVT3WordDecoder: PropheseeRecordDecoding {
    static let recordSize = 2
    static let preambleSize = 0
    static let evtVersion: String? = "3.0"
    /// 11-bit addresses: any x, y the format can carry.
    static let defaultSensor = SensorSize(width: 2048, height: 2048)
    static let addrY: UInt16 = 0x0, emY: UInt16 = 0x1, addrX: UInt16 = 0x2, vectBaseX: UInt16 = 0x3
    static let vect12: UInt16 = 0x4, vect8: UInt16 = 0x5, timeLow: UInt16 = 0x6, timeHigh: UInt16 = 0x8
    static let extTrigger: UInt16 = 0xA

    let path: String
    let sensorSize: SensorSize
    private var timeBase = PropheseeTimeBase(bits: 12, shift: 12)
    private var time: Int64 = 0
    private var y = 0
    private var baseX = 0
    private var polarity: UInt8 = 0
    private var changeDetection = true

    init(path: String, sensorSize: SensorSize) {
        self.path = path
        self.sensorSize = sensorSize
    }

    mutating func decode(_ records: UnsafeRawBufferPointer, fileOffset: Int64) throws(EventFileError) -> EventChunk {
        let words = records.count / Self.recordSize
        guard words > 0 else { return EventChunk() }
        let src = records.baseAddress!
        @inline(__always) func word(_ i: Int) -> UInt16 {
            UInt16(littleEndian: src.loadUnaligned(fromByteOffset: i &* 2, as: UInt16.self))
        }
        // At most one event per EVT_ADDR_X and one per set bit of a vector: one branch-free pass sizes the chunk
        // exactly (ADDR_X counts 1, VECT_12 the set bits of its 12-bit field, VECT_8 of its 8-bit one).
        var capacity = 0
        for i in 0..<words {
            let w = UInt32(word(i)), type = w >> 12
            let mask: UInt32 = type == UInt32(Self.vect12) ? 0xFFF : type == UInt32(Self.vect8) ? 0xFF : 0
            capacity &+= (w & mask).nonzeroBitCount &+ (type == UInt32(Self.addrX) ? 1 : 0)
        }
        // At least 1: the fill closure, which also advances the state, only runs for a non-zero capacity.
        capacity = max(capacity, 1)
        var failure: (x: Int, y: Int, word: Int)?
        let width = sensorSize.width, height = sensorSize.height
        // The state lives in locals inside the loop and is written back once.
        var timeBase = self.timeBase, time = self.time, y = self.y, baseX = self.baseX, polarity = self.polarity
        var changeDetection = self.changeDetection
        let chunk = EventChunk(unsafeUninitializedCapacity: capacity) { out in
            var n = 0
            words: for i in 0..<words {
                let w = word(i)
                let type = w >> 12
                if type == Self.timeHigh {
                    timeBase.update(high: UInt32(w & 0xFFF))
                    time = timeBase.base
                    continue
                }
                guard timeBase.isSet else { continue }
                switch type {
                case Self.addrX:
                    guard changeDetection else { break }
                    let x = Int(w & 0x7FF)
                    guard x < width, y < height else { failure = (x, y, i); break words }
                    out.t[n] = time
                    out.x[n] = UInt16(truncatingIfNeeded: x)
                    out.y[n] = UInt16(truncatingIfNeeded: y)
                    out.p[n] = UInt8(truncatingIfNeeded: w >> 11) & 1
                    n &+= 1
                case Self.addrY:
                    y = Int(w & 0x7FF)
                    changeDetection = true
                case Self.timeLow:
                    time = timeBase.base &+ Int64(w & 0xFFF)
                case Self.vect12, Self.vect8:
                    let span = type == Self.vect12 ? 12 : 8
                    if changeDetection {
                        var bits = UInt32(w) & (type == Self.vect12 ? 0xFFF : 0xFF)
                        while bits != 0 {
                            let x = baseX &+ bits.trailingZeroBitCount
                            guard x < width, y < height else { failure = (x, y, i); break words }
                            out.t[n] = time
                            out.x[n] = UInt16(truncatingIfNeeded: x)
                            out.y[n] = UInt16(truncatingIfNeeded: y)
                            out.p[n] = polarity
                            n &+= 1
                            bits &= bits &- 1
                        }
                    }
                    baseX &+= span
                case Self.vectBaseX:
                    baseX = Int(w & 0x7FF)
                    polarity = UInt8((w >> 11) & 1)
                case Self.emY:
                    changeDetection = false
                default:
                    break
                }
            }
            return n
        }
        self.timeBase = timeBase
        self.time = time
        self.y = y
        self.baseX = baseX
        self.polarity = polarity
        self.changeDetection = changeDetection
        if let failure {
            throw Self.outside(path: path, offset: fileOffset + Int64(failure.word * 2), x: failure.x, y: failure.y,
                               sensor: sensorSize)
        }
        return chunk
    }
}
