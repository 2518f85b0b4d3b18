import SpikeEvents

/// The AEDAT 2.0 record decoding shared by `AEDAT2Reader` and `AEDAT2StreamDecoder`: whole 8-byte big-endian
/// address/timestamp records in, DVS128 pixel events out, with the unwrapped timeline carried across blocks.
struct AEDAT2RecordDecoder {
    let orientation: DVS128Orientation
    private(set) var specialEvents = 0
    private(set) var syncEvents = 0
    private var timeline = AEDAT2Timeline()
    var backwardSteps: Int { timeline.backwardSteps }

    init(orientation: DVS128Orientation) { self.orientation = orientation }

    /// Decodes whole records; the hot loop writes straight into the chunk's columns.
    mutating func decode(_ bytes: UnsafeRawBufferPointer) -> EventChunk {
        let records = bytes.count / AEDAT2Reader.recordSize
        guard records > 0 else { return EventChunk() }
        let src = bytes.baseAddress!
        var timeline = self.timeline
        var special = 0, sync = 0
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
                out.t[i] = timeline.time(of: src.loadUnaligned(fromByteOffset: r &* 8 &+ 4, as: UInt32.self).bigEndian)
                out.x[i] = (UInt16(truncatingIfNeeded: address >> xShift) & 0x7F) ^ xMirror
                out.y[i] = (UInt16(truncatingIfNeeded: address >> yShift) & 0x7F) ^ yMirror
                out.p[i] = (UInt8(truncatingIfNeeded: address) & 1) ^ flip
                i &+= 1
            }
            return i
        }
        self.timeline = timeline
        specialEvents += special
        syncEvents += sync
        return chunk
    }
}
