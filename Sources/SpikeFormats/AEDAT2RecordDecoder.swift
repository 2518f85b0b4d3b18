import SpikeEvents

/// The AEDAT 2.0 record decoding shared by `AEDAT2Reader` and `AEDAT2StreamDecoder`: whole 8-byte big-endian
/// address/timestamp records in, DVS128 pixel events out, with the unwrapped timeline carried across blocks.
struct AEDAT2RecordDecoder {
    let orientation: DVS128Orientation
    private(set) var specialEvents = 0
    private(set) var syncEvents = 0
    private(set) var backwardSteps = 0
    private var lastRaw: UInt32 = 0
    private var lastTime: Int64 = 0
    private var started = false

    init(orientation: DVS128Orientation) { self.orientation = orientation }

    /// Decodes whole records; the hot loop writes straight into the chunk's columns.
    mutating func decode(_ bytes: UnsafeRawBufferPointer) -> EventChunk {
        let records = bytes.count / AEDAT2Reader.recordSize
        guard records > 0 else { return EventChunk() }
        let src = bytes.baseAddress!
        if !started { anchorTimeline(src, records: records) }
        var lastRaw = self.lastRaw, lastTime = self.lastTime
        var backward = 0, special = 0, sync = 0
        let xShift = orientation.xShift, yShift = orientation.yShift
        let xMirror = orientation.xMirror, yMirror = orientation.yMirror, flip = orientation.polarityFlip
        let notPixel = AEDAT2Reader.specialBit | AEDAT2Reader.syncBit
        let chunk = EventChunk(unsafeUninitializedCapacity: records) { out in
            var i = 0
            for r in 0..<records {
                let address = src.loadUnaligned(fromByteOffset: r &* 8, as: UInt32.self).bigEndian
                if address & notPixel != 0 {
                    if address & AEDAT2Reader.specialBit != 0 { special &+= 1 } else { sync &+= 1 }
                    continue
                }
                let raw = src.loadUnaligned(fromByteOffset: r &* 8 &+ 4, as: UInt32.self).bigEndian
                let step = Int64(Int32(bitPattern: raw &- lastRaw))
                backward &+= step < 0 ? 1 : 0
                lastTime &+= step
                lastRaw = raw
                out.t[i] = lastTime
                out.x[i] = (UInt16(truncatingIfNeeded: address >> xShift) & 0x7F) ^ xMirror
                out.y[i] = (UInt16(truncatingIfNeeded: address >> yShift) & 0x7F) ^ yMirror
                out.p[i] = (UInt8(truncatingIfNeeded: address) & 1) ^ flip
                i &+= 1
            }
            return i
        }
        self.lastRaw = lastRaw
        self.lastTime = lastTime
        backwardSteps += backward
        specialEvents += special
        syncEvents += sync
        return chunk
    }

    /// The first pixel event anchors the timeline at its raw timestamp.
    private mutating func anchorTimeline(_ src: UnsafeRawPointer, records: Int) {
        for r in 0..<records {
            let address = src.loadUnaligned(fromByteOffset: r * 8, as: UInt32.self).bigEndian
            if address & (AEDAT2Reader.specialBit | AEDAT2Reader.syncBit) == 0 {
                lastRaw = src.loadUnaligned(fromByteOffset: r * 8 + 4, as: UInt32.self).bigEndian
                lastTime = Int64(lastRaw)
                started = true
                return
            }
        }
    }
}
