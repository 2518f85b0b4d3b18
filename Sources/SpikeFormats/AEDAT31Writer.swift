import SpikeEvents

/// Writes AEDAT 3.1 files (FORMATS.md §3), the inverse of `AEDAT31Reader`, and the files its tests need:
/// polarity packets (with invalid events, spare capacity and timestamp overflow), packets of other event
/// types, and raw packets as given.
public final class AEDAT31Writer {
    /// The five header lines a cAER recorder writes, for one source.
    public static func defaultHeader(sourceID: Int16 = 1, sourceName: String = "DVS128") -> [String] {
        ["#!AER-DAT3.1", "#Format: RAW", "#Source \(sourceID): \(sourceName)",
         "#Start-Time: 2017-01-01 00:00:00 (TZ+0000)", AEDATHeader.endMarker]
    }

    /// Events per polarity packet at most (one packet body must fit the output buffer).
    public static let maxPacketEvents = 1 << 16

    public let path: String
    private let output: FileOutput
    private var written = 0

    /// Creates `path` and writes `headerLines` (the last must be `#!END-HEADER`), each ending in `lineEnd`.
    public init(path: String, headerLines: [String] = defaultHeader(), lineEnd: String = "\r\n") throws(EventFileError) {
        AEDATHeader.checkWritable(headerLines, version: "3.")
        precondition(headerLines.last == AEDATHeader.endMarker, "the last header line must be \(AEDATHeader.endMarker)")
        self.path = path
        output = try FileOutput(path: path, bufferBytes: (Self.maxPacketEvents + 1) * 8 + AEDAT31PacketHeader.size)
        try output.append(Array(headerLines.map { $0 + lineEnd }.joined().utf8))
    }

    /// Writes `chunk` as polarity packets of at most `packetEvents` events; a new packet starts wherever
    /// `t >> 31` (the packet's timestamp overflow) changes. `valid[i] == false` writes event i with its valid
    /// bit clear; `spareCapacity` adds that many zeroed slots after each packet's events (capacity > number).
    public func writePolarity(_ chunk: EventChunk, valid: [Bool]? = nil, source: Int16 = 1, packetEvents: Int = 4096,
                              spareCapacity: Int = 0) throws(EventFileError) {
        precondition(packetEvents > 0 && packetEvents + spareCapacity <= Self.maxPacketEvents)
        precondition(valid == nil || valid!.count == chunk.count, "one valid flag per event")
        var start = 0
        while start < chunk.count {
            let overflow = chunk.t[start] >> AEDAT31PacketHeader.timestampOverflowShift
            var end = start
            while end < chunk.count && end - start < packetEvents
                && chunk.t[end] >> AEDAT31PacketHeader.timestampOverflowShift == overflow {
                end += 1
            }
            try writePolarityPacket(chunk, range: start..<end, valid: valid, source: source,
                                    spareCapacity: spareCapacity)
            start = end
        }
    }

    private func writePolarityPacket(_ chunk: EventChunk, range: Range<Int>, valid: [Bool]?, source: Int16,
                                     spareCapacity: Int) throws(EventFileError) {
        let overflow = chunk.t[range.lowerBound] >> AEDAT31PacketHeader.timestampOverflowShift
        for i in range {
            let (t, x, y, p) = (chunk.t[i], chunk.x[i], chunk.y[i], chunk.p[i])
            guard x < 1 << 15, y < 1 << 15, p < 2, t >= 0, overflow <= Int64(Int32.max) else {
                throw .unencodable(path: path, eventIndex: written + i - range.lowerBound,
                                   reason: "x=\(x), y=\(y), p=\(p), t=\(t) does not fit a polarity event "
                                       + "(x, y < 32768, p ∈ {0,1}, 0 ≤ t < 2⁶²)")
            }
        }
        let validCount = valid.map { flags in range.count { flags[$0] } } ?? range.count
        let header = AEDAT31PacketHeader(
            eventType: AEDAT31PacketHeader.polarityType, eventSource: source,
            eventSize: AEDAT31PacketHeader.polarityEventSize, eventTSOffset: 4, eventTSOverflow: Int32(overflow),
            eventCapacity: Int32(range.count + spareCapacity), eventNumber: Int32(range.count),
            eventValid: Int32(validCount))
        try output.append(header.bytes)
        try output.append(count: (range.count + spareCapacity) * 8) { out in
            let raw = UnsafeMutableRawPointer(out)
            for (k, i) in range.enumerated() {
                let isValid: UInt32 = valid?[i] == false ? 0 : 1
                let data = UInt32(chunk.x[i]) << 17 | UInt32(chunk.y[i]) << 2 | UInt32(chunk.p[i]) << 1 | isValid
                let stamp = UInt32(truncatingIfNeeded: chunk.t[i] & ((1 << 31) - 1))
                raw.storeBytes(of: data.littleEndian, toByteOffset: k * 8, as: UInt32.self)
                raw.storeBytes(of: stamp.littleEndian, toByteOffset: k * 8 + 4, as: UInt32.self)
            }
            (raw + range.count * 8).initializeMemory(as: UInt8.self, repeating: 0, count: spareCapacity * 8)
        }
        written += range.count
    }

    /// Writes one packet of `timestamps.count` valid events of another type (e.g. SPECIAL or IMU6): each event
    /// is `eventSize` bytes, an info word with the valid bit set, the timestamp at byte 4, and filler bytes.
    /// All timestamps must share one `t >> 31`.
    public func writeOtherEvents(type: Int16, eventSize: Int32, timestamps: [Int64], source: Int16 = 1)
        throws(EventFileError) {
        precondition(type != AEDAT31PacketHeader.polarityType && eventSize >= 8 && !timestamps.isEmpty)
        let overflow = timestamps[0] >> AEDAT31PacketHeader.timestampOverflowShift
        precondition(timestamps.allSatisfy { $0 >= 0 && $0 >> AEDAT31PacketHeader.timestampOverflowShift == overflow })
        let count = Int32(timestamps.count)
        let header = AEDAT31PacketHeader(eventType: type, eventSource: source, eventSize: eventSize, eventTSOffset: 4,
                                         eventTSOverflow: Int32(overflow), eventCapacity: count, eventNumber: count,
                                         eventValid: count)
        var body = [UInt8](repeating: 0, count: Int(header.bodyBytes))
        for (k, t) in timestamps.enumerated() {
            let base = k * Int(eventSize)
            for j in 8..<Int(eventSize) { body[base + j] = UInt8(truncatingIfNeeded: j &* 37 &+ k) }
            body[base] = 0x01 | UInt8(truncatingIfNeeded: k << 1)
            withUnsafeBytes(of: UInt32(truncatingIfNeeded: t & ((1 << 31) - 1)).littleEndian) {
                for j in 0..<4 { body[base + 4 + j] = $0[j] }
            }
        }
        try writePacket(header, body: body)
    }

    /// Writes `header` and `body` exactly as given, unchecked: for damaged test files.
    public func writePacket(_ header: AEDAT31PacketHeader, body: [UInt8]) throws(EventFileError) {
        try output.append(header.bytes)
        var offset = 0
        while offset < body.count {
            let piece = body[offset..<min(body.count, offset + (1 << 16))]
            try output.append(piece)
            offset += piece.count
        }
    }

    /// Flushes and closes the file (fsync'd unless `sync` is false); the writer cannot be used afterwards.
    public func close(sync: Bool = true) throws(EventFileError) {
        try output.finish(sync: sync)
    }
}
