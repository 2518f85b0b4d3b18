import SpikeEvents

/// The N-MNIST record decoding shared by `NMNISTReader` and `NMNISTStreamDecoder`: whole 5-byte records in,
/// events out, with the overflow-marker time offset carried from one block to the next.
struct NMNISTRecordDecoder {
    let path: String
    let sensorSize: SensorSize
    private(set) var overflowMarkers = 0
    private(set) var backwardSteps = 0
    private var timeOffset: Int64 = 0
    private var lastTime: Int64 = .min

    init(path: String, sensorSize: SensorSize) {
        self.path = path
        self.sensorSize = sensorSize
    }

    /// Decodes whole records starting at byte `fileOffset` of the input; the hot loop writes straight into
    /// the chunk's columns.
    mutating func decode(_ bytes: UnsafeRawBufferPointer, fileOffset: Int64) throws(EventFileError) -> EventChunk {
        let records = bytes.count / NMNISTReader.recordSize
        guard records > 0 else { return EventChunk() }
        let src = bytes.bindMemory(to: UInt8.self).baseAddress!
        var offset = timeOffset
        var last = lastTime
        var backward = 0
        var markers = 0
        var badRecord = -1
        let width = sensorSize.width, height = sensorSize.height
        let chunk = EventChunk(unsafeUninitializedCapacity: records) { out in
            var i = 0
            for r in 0..<records {
                let b = src + r &* 5
                let ry = b[1]
                if ry == NMNISTReader.overflowMarkerY {
                    offset &+= NMNISTReader.overflowIncrement
                    markers &+= 1
                    continue
                }
                if Int(b[0]) >= width || Int(ry) >= height {
                    badRecord = r
                    break
                }
                let b2 = b[2]
                let raw = (UInt32(b2 & 0x7F) << 16) | (UInt32(b[3]) << 8) | UInt32(b[4])
                let time = offset &+ Int64(raw)
                backward &+= time < last ? 1 : 0
                last = time
                out.t[i] = time
                out.x[i] = UInt16(b[0])
                out.y[i] = UInt16(ry)
                out.p[i] = b2 >> 7
                i &+= 1
            }
            return i
        }
        if badRecord >= 0 {
            let b = src + badRecord * 5
            throw .malformed(path: path, offset: fileOffset + Int64(badRecord * 5),
                             reason: "event x=\(b[0]), y=\(b[1]) lies outside the \(sensorSize.width)×\(sensorSize.height) "
                                 + "sensor; this is not an N-MNIST file, or pass the right sensor size")
        }
        timeOffset = offset
        lastTime = last
        backwardSteps += backward
        overflowMarkers += markers
        return chunk
    }
}
