import SpikeEvents

/// The AEDAT 3.1 polarity-event decoding shared by `AEDAT31Reader` and `AEDAT31StreamDecoder`: 8-byte
/// little-endian events of one packet in, valid events inside the sensor out.
struct AEDAT31PolarityDecoder {
    let path: String
    let sensorSize: SensorSize
    private(set) var invalidEvents = 0
    private(set) var backwardSteps = 0
    private var lastTime: Int64 = .min

    init(path: String, sensorSize: SensorSize) {
        self.path = path
        self.sensorSize = sensorSize
    }

    /// Decodes `count` events at `src` (input byte offset `byteOffset`) of a packet whose timestamps extend
    /// `overflowBase`, into `out` from index `start`; returns how many were valid. The hot loop: two loads, one
    /// branch for validity, one for the range check.
    mutating func decode(_ src: UnsafeRawPointer, count: Int, overflowBase base: Int64, byteOffset: Int64,
                         into out: EventColumnPointers, at start: Int) throws(EventFileError) -> Int {
        let width = UInt32(sensorSize.width), height = UInt32(sensorSize.height)
        var last = lastTime, backward = 0, invalid = 0, bad = -1
        var i = start
        for e in 0..<count {
            let data = UInt32(littleEndian: src.loadUnaligned(fromByteOffset: e &* 8, as: UInt32.self))
            let stamp = Int32(littleEndian: src.loadUnaligned(fromByteOffset: e &* 8 &+ 4, as: Int32.self))
            if data & 1 == 0 {
                invalid &+= 1
                continue
            }
            let x = (data >> 17) & 0x7FFF, y = (data >> 2) & 0x7FFF
            if x >= width || y >= height || stamp < 0 {
                bad = e
                break
            }
            let t = base | Int64(stamp)
            backward &+= t < last ? 1 : 0
            last = t
            out.t[i] = t
            out.x[i] = UInt16(truncatingIfNeeded: x)
            out.y[i] = UInt16(truncatingIfNeeded: y)
            out.p[i] = UInt8(truncatingIfNeeded: data >> 1) & 1
            i &+= 1
        }
        if bad >= 0 {
            let data = UInt32(littleEndian: src.loadUnaligned(fromByteOffset: bad * 8, as: UInt32.self))
            let stamp = Int32(littleEndian: src.loadUnaligned(fromByteOffset: bad * 8 + 4, as: Int32.self))
            throw .malformed(path: path, offset: byteOffset + Int64(bad * 8), reason: stamp < 0
                                 ? "polarity event has the negative timestamp \(stamp)"
                                 : "polarity event x=\((data >> 17) & 0x7FFF), y=\((data >> 2) & 0x7FFF) lies "
                                 + "outside the \(sensorSize.width)×\(sensorSize.height) sensor; pass the right "
                                 + "sensor size for this camera")
        }
        lastTime = last
        backwardSteps += backward
        invalidEvents += invalid
        return i - start
    }
}
