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
        func word(_ i: Int) -> UInt16 { UInt16(littleEndian: records.loadUnaligned(fromByteOffset: i &* 2, as: UInt16.self)) }
        // At most one event per EVT_ADDR_X and one per set bit of a vector: one pass sizes the chunk exactly.
        var capacity = 0
        for i in 0..<words {
            let w = word(i)
            switch w >> 12 {
            case Self.addrX: capacity &+= 1
            case Self.vect12: capacity &+= (w & 0xFFF).nonzeroBitCount
            case Self.vect8: capacity &+= (w & 0xFF).nonzeroBitCount
            default: break
            }
        }
        // At least 1: the fill closure, which also advances the state, only runs for a non-zero capacity.
        capacity = max(capacity, 1)
        var failure: EventFileError?
        let width = sensorSize.width, height = sensorSize.height
        let chunk = EventChunk(unsafeUninitializedCapacity: capacity) { out in
            var n = 0
            func emit(_ x: Int, _ p: UInt8, word i: Int) -> Bool {
                guard x < width, y < height else {
                    failure = Self.outside(path: path, offset: fileOffset + Int64(i * 2), x: x, y: y, sensor: sensorSize)
                    return false
                }
                out.t[n] = time
                out.x[n] = UInt16(x)
                out.y[n] = UInt16(y)
                out.p[n] = p
                n &+= 1
                return true
            }
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
                case Self.addrY:
                    y = Int(w & 0x7FF)
                    changeDetection = true
                case Self.emY:
                    changeDetection = false
                case Self.timeLow:
                    time = timeBase.base + Int64(w & 0xFFF)
                case Self.vectBaseX:
                    baseX = Int(w & 0x7FF)
                    polarity = UInt8((w >> 11) & 1)
                case Self.addrX where changeDetection:
                    guard emit(Int(w & 0x7FF), UInt8((w >> 11) & 1), word: i) else { break words }
                case Self.vect12, Self.vect8:
                    let span = type == Self.vect12 ? 12 : 8
                    if changeDetection {
                        var bits = UInt32(w) & (type == Self.vect12 ? 0xFFF : 0xFF)
                        while bits != 0 {
                            guard emit(baseX + bits.trailingZeroBitCount, polarity, word: i) else { break words }
                            bits &= bits &- 1
                        }
                    }
                    baseX += span
                default:
                    break
                }
            }
            return n
        }
        if let failure { throw failure }
        return chunk
    }
}
