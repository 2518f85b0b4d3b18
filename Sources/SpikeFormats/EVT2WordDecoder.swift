import SpikeEvents

/// Prophesee EVT 2.0 words (32-bit little-endian, type in the top 4 bits; docs/FORMATS.md), decoded as
/// Prophesee's reference decoder does: CD_OFF/CD_ON (0x0/0x1) are events at `time base + 6-bit ts`,
/// EVT_TIME_HIGH (0x8) sets bits 33…6 of the time base (with wrap), every other type (external triggers,
/// vendor words) is skipped. Words before the first EVT_TIME_HIGH have no time base and are dropped.
struct EVT2WordDecoder: PropheseeRecordDecoding {
    static let recordSize = 4
    static let preambleSize = 0
    static let evtVersion: String? = "2.0"
    /// 11-bit addresses: any x, y the format can carry.
    static let defaultSensor = SensorSize(width: 2048, height: 2048)
    static let cdOff: UInt32 = 0x0, cdOn: UInt32 = 0x1, timeHigh: UInt32 = 0x8, extTrigger: UInt32 = 0xA

    let path: String
    let sensorSize: SensorSize
    private var time = PropheseeTimeBase(bits: 28, shift: 6)

    init(path: String, sensorSize: SensorSize) {
        self.path = path
        self.sensorSize = sensorSize
    }

    mutating func decode(_ records: UnsafeRawBufferPointer, fileOffset: Int64) throws(EventFileError) -> EventChunk {
        let words = records.count / Self.recordSize
        var failure: EventFileError?
        let chunk = EventChunk(unsafeUninitializedCapacity: words) { out in
            var n = 0
            for i in 0..<words {
                let w = UInt32(littleEndian: records.loadUnaligned(fromByteOffset: i &* 4, as: UInt32.self))
                let type = w >> 28
                if type == Self.timeHigh {
                    time.update(high: w & 0x0FFF_FFFF)
                    continue
                }
                guard type <= Self.cdOn else { continue }
                guard time.isSet else { continue }
                let x = Int((w >> 11) & 0x7FF), y = Int(w & 0x7FF)
                guard x < sensorSize.width, y < sensorSize.height else {
                    failure = Self.outside(path: path, offset: fileOffset + Int64(i * 4), x: x, y: y, sensor: sensorSize)
                    break
                }
                out.t[n] = time.base &+ Int64((w >> 22) & 0x3F)
                out.x[n] = UInt16(x)
                out.y[n] = UInt16(y)
                out.p[n] = UInt8(type)
                n &+= 1
            }
            return n
        }
        if let failure { throw failure }
        return chunk
    }
}
