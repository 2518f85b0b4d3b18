import SpikeEvents

/// AEDAT 3.1 pushed as it arrives: the header up to `#!END-HEADER`, then packets (28-byte header + body).
/// Polarity packets are decoded as by `AEDAT31Reader`; other packet types are skipped by their declared size
/// without being held in memory.
public struct AEDAT31StreamDecoder: EventStreamDecoder {
    public let sensorSize: SensorSize
    private let source: String
    private var head: AEDATStreamHeader
    private var polarity: AEDAT31PolarityDecoder
    private var phase = Phase.packetHeader
    /// Stream offset of the next byte after the header.
    private var bodyOffset: Int64 = 0
    private var packetBytes: [UInt8] = []
    private var events = RecordSplitter(recordSize: AEDAT31Reader.eventBytes)

    private enum Phase {
        case packetHeader
        /// Inside a polarity packet's events, `overflowBase` for their timestamps, then `skipAfter` bytes.
        case events(left: Int, overflowBase: Int64, skipAfter: Int64)
        case skip(Int64)
    }

    public init(source: String, sensorSize: SensorSize = .dvs128) {
        self.source = source
        self.sensorSize = sensorSize
        head = AEDATStreamHeader(source: source, version: "3.", otherDecoder: "AEDAT2StreamDecoder (--format aedat2)",
                                 untilEndMarker: true)
        polarity = AEDAT31PolarityDecoder(path: source, sensorSize: sensorSize)
        packetBytes.reserveCapacity(AEDAT31PacketHeader.size)
    }

    public var header: AEDATHeader? { head.header }
    public var offset: Int64 { head.header == nil ? head.offset : bodyOffset }

    public mutating func push(_ bytes: UnsafeRawBufferPointer) throws(EventFileError) -> EventChunk {
        guard head.header == nil else { return try body(bytes) }
        guard let rest = try head.push(bytes, endOfInput: false), let header = head.header else { return EventChunk() }
        bodyOffset = header.dataOffset
        return try rest.withBytes { (b) throws(EventFileError) -> EventChunk in try body(b) }
    }

    public mutating func finish() throws(EventFileError) -> EventChunk {
        if head.header == nil { _ = try head.push(UnsafeRawBufferPointer(start: nil, count: 0), endOfInput: true) }
        switch phase {
        case .packetHeader where packetBytes.isEmpty:
            return EventChunk()
        case .packetHeader:
            throw .malformed(path: source, offset: bodyOffset, reason: "the stream ends inside a 28-byte packet "
                                 + "header (\(packetBytes.count) bytes arrived)")
        case .events(let left, _, _):
            throw .malformed(path: source, offset: bodyOffset, reason: "the stream ends inside a polarity packet, "
                                 + "\(left) events short")
        case .skip(let left):
            throw .malformed(path: source, offset: bodyOffset, reason: "the stream ends \(left) bytes before the end "
                                 + "of a packet")
        }
    }

    private mutating func body(_ bytes: UnsafeRawBufferPointer) throws(EventFileError) -> EventChunk {
        var out = EventChunk()
        var at = 0
        while at < bytes.count {
            let rest = UnsafeRawBufferPointer(rebasing: bytes[at...])
            let used: Int
            switch phase {
            case .packetHeader:
                used = min(AEDAT31PacketHeader.size - packetBytes.count, rest.count)
                packetBytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest[0..<used]))
                if packetBytes.count == AEDAT31PacketHeader.size { try startPacket(at: bodyOffset + Int64(used)) }
            case .events(let left, let base, let skipAfter):
                var decoded = 0
                used = try events.split(rest, maxRecords: left) { (run, at) throws(EventFileError) in
                    let count = run.count / AEDAT31Reader.eventBytes
                    decoded += count
                    var failure: EventFileError?
                    let chunk = EventChunk(unsafeUninitializedCapacity: count) { columns in
                        do throws(EventFileError) {
                            return try polarity.decode(run.baseAddress!, count: count, overflowBase: base,
                                                       byteOffset: at, into: columns, at: 0)
                        } catch {
                            failure = error
                            return 0
                        }
                    }
                    if let failure { throw failure }
                    out.append(contentsOf: chunk)
                }
                phase = decoded == left ? (skipAfter > 0 ? .skip(skipAfter) : .packetHeader)
                    : .events(left: left - decoded, overflowBase: base, skipAfter: skipAfter)
            case .skip(let left):
                used = Int(min(left, Int64(rest.count)))
                phase = left == Int64(used) ? .packetHeader : .skip(left - Int64(used))
            }
            at += used
            bodyOffset += Int64(used)
        }
        return out
    }

    /// The packet header has arrived (its last byte ends before `end`): check it and choose the next phase.
    private mutating func startPacket(at end: Int64) throws(EventFileError) {
        let packetOffset = end - Int64(AEDAT31PacketHeader.size)
        let packet = packetBytes.withUnsafeBytes { AEDAT31PacketHeader($0) }
        packetBytes.removeAll(keepingCapacity: true)
        if let problem = packet.problem {
            throw .malformed(path: source, offset: packetOffset, reason: problem + "; the packet header is corrupt")
        }
        guard packet.eventType == AEDAT31PacketHeader.polarityType, packet.eventNumber > 0 else {
            phase = packet.bodyBytes > 0 ? .skip(packet.bodyBytes) : .packetHeader
            return
        }
        events = RecordSplitter(recordSize: AEDAT31Reader.eventBytes, offset: end)
        phase = .events(left: Int(packet.eventNumber),
                        overflowBase: Int64(packet.eventTSOverflow) << AEDAT31PacketHeader.timestampOverflowShift,
                        skipAfter: Int64(packet.eventCapacity - packet.eventNumber) * Int64(AEDAT31Reader.eventBytes))
    }
}
