import SpikeEvents

/// Writes Prophesee RAW (EVT 2.0, EVT 3.0) and DAT files, the inverse of `PropheseeReader`: a `%` header
/// declaring the encoding and the sensor, then the events. EVT 3.0 output is vectorised (runs of events with
/// one time, row and polarity within 8 or 12 columns become VECT_8 / VECT_12 words), and both EVT encodings
/// write TIME_HIGH words across the field's wrap the way a camera does, so any non-decreasing timeline
/// round-trips. Used to make test files with the edge cases real recordings rarely show.
public final class PropheseeWriter {
    public let path: String
    public let encoding: PropheseeEncoding
    public let sensorSize: SensorSize
    private let output: FileOutput
    private var encoder: any PropheseeRecordEncoding
    private var written = 0
    private var lastTime: Int64 = 0

    public init(path: String, encoding: PropheseeEncoding, sensorSize: SensorSize) throws(EventFileError) {
        precondition(sensorSize.width <= 2048 && sensorSize.height <= 2048, "Prophesee addresses are 11 bits")
        self.path = path
        self.encoding = encoding
        self.sensorSize = sensorSize
        output = try FileOutput(path: path)
        encoder = switch encoding {
        case .evt2: EVT2WordEncoder()
        case .evt3: EVT3WordEncoder()
        case .dat: DATRecordEncoder()
        }
        let (w, h) = (sensorSize.width, sensorSize.height)
        let lines = switch encoding {
        case .evt2, .evt3:
            ["% evt \(encoding == .evt2 ? "2.0" : "3.0")", "% format \(encoding.rawValue.uppercased());height=\(h);width=\(w)",
             "% geometry \(w)x\(h)", PropheseeHeader.endLine]
        case .dat:
            ["% Data file containing Event2D events.", "% Version 2", "% Width \(w)", "% Height \(h)"]
        }
        try output.append(PropheseeHeader.encode(lines) + (encoding == .dat ? [0, UInt8(DATRecordDecoder.recordSize)] : []))
    }

    public func write(_ chunk: EventChunk) throws(EventFileError) {
        for i in 0..<chunk.count {
            let (t, x, y, p) = (chunk.t[i], chunk.x[i], chunk.y[i], chunk.p[i])
            guard Int(x) < sensorSize.width, Int(y) < sensorSize.height, p < 2 else {
                throw .unencodable(path: path, eventIndex: written + i, reason: "x=\(x), y=\(y), p=\(p) does not fit "
                                       + "the \(sensorSize.width)×\(sensorSize.height) sensor with polarity 0 or 1")
            }
            guard t >= lastTime else {
                throw .unencodable(path: path, eventIndex: written + i,
                                   reason: "timestamp \(t) µs goes back before \(lastTime) µs; sort events by time")
            }
            lastTime = t
        }
        try encoder.encode(chunk, firstIndex: written, path: path, to: output)
        written += chunk.count
    }

    /// Flushes and closes the file (fsync'd unless `sync` is false); the writer cannot be used afterwards.
    public func close(sync: Bool = true) throws(EventFileError) {
        try output.finish(sync: sync)
    }
}

/// One encoding's records for `PropheseeWriter`; events arrive checked (on the sensor, time-ordered).
protocol PropheseeRecordEncoding {
    mutating func encode(_ chunk: EventChunk, firstIndex: Int, path: String, to output: FileOutput) throws(EventFileError)
}

extension FileOutput {
    /// Appends a little-endian integer.
    func appendLittleEndian<T: FixedWidthInteger>(_ value: T) throws(EventFileError) {
        try append(count: MemoryLayout<T>.size) { out in
            withUnsafeBytes(of: value.littleEndian) { UnsafeMutableRawPointer(out).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        }
    }
}

/// The TIME_HIGH words a writer owes before an event at time `t`: each wrap of the field between the last
/// written value (0 before the first) and `t`'s is written as the field's largest value followed by 0, the
/// fall by the field's whole span that marks a wrap to a decoder, then `t`'s value.
struct PropheseeTimeHighWriter {
    let bits: Int64
    let shift: Int64
    private var high: Int64?

    init(bits: Int, shift: Int) {
        self.bits = Int64(bits)
        self.shift = Int64(shift)
    }

    /// The raw TIME_HIGH field values to write before an event at `t` (none when its high part is current).
    mutating func words(before t: Int64) -> [UInt32] {
        let next = t >> shift
        if let high, next == high { return [] }
        let mask = (Int64(1) << bits) - 1
        var words: [UInt32] = []
        var current = high ?? 0
        while current >> bits < next >> bits {
            words += [UInt32(mask), 0]
            current = (current >> bits + 1) << bits
        }
        high = next
        return words + [UInt32(next & mask)]
    }
}
