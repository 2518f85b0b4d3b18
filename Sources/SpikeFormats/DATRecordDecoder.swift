import SpikeEvents

/// Prophesee DAT change-detection records (docs/FORMATS.md): after the `%` header, one byte of event type and
/// one of event size (8), then 8-byte little-endian records `uint32 t_us, uint32 data` with
/// `x = data & 0x3FFF`, `y = (data >> 14) & 0x3FFF`, `p = data >> 28` (0 = OFF, 1 = ON). The 32-bit
/// timestamps are unwrapped as AEDAT 2.0's are (`AEDAT2Timeline`): a fall of more than 2³¹ µs is a wrap.
struct DATRecordDecoder: PropheseeRecordDecoding {
    static let recordSize = 8
    static let preambleSize = 2
    static let evtVersion: String? = nil
    /// The ATIS / Gen1 sensor of the DAT datasets (N-CARS, Gen1 Automotive) when the header gives no size.
    static let defaultSensor = SensorSize(width: 304, height: 240)
    /// Event types of DAT files holding change-detection events: Event2D (0, seen in N-CARS) and EventCD (12, the
    /// code commonly quoted; not seen in a real file here).
    static let cdEventTypes: Set<UInt8> = [0, 12]

    let path: String
    let sensorSize: SensorSize
    private var timeline = AEDAT2Timeline()

    init(path: String, sensorSize: SensorSize) {
        self.path = path
        self.sensorSize = sensorSize
    }

    static func check(_ header: PropheseeHeader, path: String) throws(EventFileError) {
        if let version = header.evtVersion {
            throw .malformed(path: path, offset: 0, reason: "the header declares EVT \(version): this is a RAW file, "
                                 + "not DAT; open it with --format evt2 or evt3")
        }
    }

    func readPreamble(_ bytes: UnsafeRawBufferPointer, offset: Int64) throws(EventFileError) {
        let (type, size) = (bytes[0], bytes[1])
        guard Self.cdEventTypes.contains(type), Int(size) == Self.recordSize else {
            throw .malformed(path: path, offset: offset, reason: "event type \(type) of size \(size) bytes; DAT "
                                 + "change-detection files have type 0 (Event2D) or 12 (EventCD) of size 8")
        }
    }

    mutating func decode(_ records: UnsafeRawBufferPointer, fileOffset: Int64) throws(EventFileError) -> EventChunk {
        let count = records.count / Self.recordSize
        var bad = -1
        let width = sensorSize.width, height = sensorSize.height
        let chunk = EventChunk(unsafeUninitializedCapacity: count) { out in
            for i in 0..<count {
                let t = UInt32(littleEndian: records.loadUnaligned(fromByteOffset: i &* 8, as: UInt32.self))
                let data = UInt32(littleEndian: records.loadUnaligned(fromByteOffset: i &* 8 &+ 4, as: UInt32.self))
                let x = Int(data & 0x3FFF), y = Int((data >> 14) & 0x3FFF), p = data >> 28
                guard x < width, y < height, p <= 1 else {
                    bad = i
                    return i
                }
                out.t[i] = timeline.time(of: t)
                out.x[i] = UInt16(x)
                out.y[i] = UInt16(y)
                out.p[i] = UInt8(p)
            }
            return count
        }
        guard bad >= 0 else { return chunk }
        let data = UInt32(littleEndian: records.loadUnaligned(fromByteOffset: bad * 8 + 4, as: UInt32.self))
        let offset = fileOffset + Int64(bad * 8)
        guard data >> 28 <= 1 else {
            throw .malformed(path: path, offset: offset, reason: "polarity \(data >> 28) is neither 0 nor 1; the "
                                 + "record is damaged")
        }
        throw Self.outside(path: path, offset: offset, x: Int(data & 0x3FFF), y: Int((data >> 14) & 0x3FFF),
                           sensor: sensorSize)
    }
}
