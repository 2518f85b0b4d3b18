import SpikeEvents

/// AEDAT 4.0 (iniVation DV) pushed as it arrives (docs/FORMATS.md): the version line, the `IOHeader`, then
/// packets `uint32 stream id, uint32 size, size bytes`, each body one compressed FlatBuffer. Packets of the
/// first event stream (`EVTS`) are decompressed and decoded (`EventPacket` of 16-byte `Event` structs:
/// int64 t, int16 x, int16 y, bool on); packets of other streams (frames, IMU, triggers) are skipped by their
/// size without being held; the data table DV appends after the packets is ignored.
///
/// An AEDAT 4 network stream (what DV's network output and dv-processing's `dv.io.NetworkWriter` send to each
/// client) is the same without the version line: it starts at the header length (`framing: .network`).
///
/// Timestamps are absolute microseconds since the Unix epoch, as DV writes them. Memory is the largest event
/// packet (compressed and decompressed), refused beyond `maxPacketBytes`. Damage (a wrong version line, a
/// broken header or packet FlatBuffer, a packet larger than the limit or running past the end, events with a
/// negative time or outside the sensor) throws `EventFileError` naming the offset of the packet.
public struct AEDAT4StreamDecoder: EventStreamDecoder {
    /// The largest packet taken, compressed or decompressed.
    public static let defaultMaxPacketBytes = 64 << 20
    /// The sensor when neither the caller nor the description gives one (covers DAVIS346 and DVXplorer).
    public static let defaultSensor = SensorSize(width: 640, height: 480)
    static let maxHeaderBytes = 16 << 20
    static let eventIdentifier = "EVTS"
    static let eventBytes = 16

    /// Where the bytes start: a file's version line, or a network stream's header length.
    public enum Framing: Sendable {
        case file, network
    }

    private let source: String
    private let requestedSensor: SensorSize?
    private let maxPacketBytes: Int
    /// The header, once it has arrived.
    public private(set) var header: AEDAT4Header?
    /// The stream whose packets are decoded, and its sensor size from the description.
    public private(set) var eventStreamID: UInt32?
    private var describedSensor: SensorSize?
    public private(set) var eventPackets = 0
    public private(set) var skippedPackets = 0
    public private(set) var offset: Int64 = 0
    private var phase: Phase
    /// The bytes of the part being collected, which started at `partStart`.
    private var part: [UInt8] = []
    private var partStart: Int64 = 0
    private var decompressed: [UInt8] = []

    private enum Phase {
        case versionLine, headerLength, header(Int), packetHeader
        case eventPacket(Int)
        case skip(stream: UInt32, left: Int64)
        case dataTable
    }

    /// `source` names the stream in errors (e.g. `<stdin>`).
    public init(source: String, sensorSize: SensorSize? = nil, maxPacketBytes: Int = defaultMaxPacketBytes,
                framing: Framing = .file) {
        self.source = source
        phase = framing == .file ? .versionLine : .headerLength
        requestedSensor = sensorSize
        self.maxPacketBytes = maxPacketBytes
    }

    public var sensorSize: SensorSize { requestedSensor ?? describedSensor ?? Self.defaultSensor }

    public mutating func push(_ bytes: UnsafeRawBufferPointer) throws(EventFileError) -> EventChunk {
        var out = EventChunk()
        var at = 0
        while at < bytes.count {
            let left = bytes.count - at
            switch phase {
            case .dataTable:
                at = bytes.count
                offset += Int64(left)
            case .skip(let stream, let skip):
                let take = Int(min(skip, Int64(left)))
                at += take
                offset += Int64(take)
                phase = skip == Int64(take) ? afterPacket() : .skip(stream: stream, left: skip - Int64(take))
            default:
                if part.isEmpty { partStart = offset }
                let take = min(partSize - part.count, left)
                part.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[at..<(at + take)]))
                at += take
                offset += Int64(take)
                if part.count == partSize {
                    let events = try completePart()
                    part.removeAll(keepingCapacity: true)
                    if out.isEmpty { out = events } else { out.append(contentsOf: events) }
                }
            }
        }
        return out
    }

    public mutating func finish() throws(EventFileError) -> EventChunk {
        switch phase {
        case .dataTable:
            return EventChunk()
        case .packetHeader where part.isEmpty:
            return EventChunk()
        case .headerLength where part.isEmpty && offset == 0:
            return EventChunk()  // a network stream that closed before sending anything: no events, no damage
        case .versionLine, .headerLength, .header:
            throw .truncated(path: source, offset: offset, expected: "the AEDAT 4 header")
        case .packetHeader:
            throw .malformed(path: source, offset: partStart, reason: "the file ends inside an 8-byte packet header "
                                 + "(\(part.count) bytes left); it is truncated")
        case .eventPacket(let size):
            throw .malformed(path: source, offset: partStart - 8, reason: "the file ends inside this event packet: "
                                 + "\(part.count) of its \(size) bytes are there; it is truncated")
        case .skip(let stream, let left):
            throw .malformed(path: source, offset: offset, reason: "the file ends \(left) bytes before the end of a "
                                 + "packet of stream \(stream); it is truncated")
        }
    }

    /// Bytes of the part the current phase collects.
    private var partSize: Int {
        switch phase {
        case .versionLine: AEDAT4Header.versionLine.count
        case .headerLength: 4
        case .header(let size): size
        case .packetHeader: 8
        case .eventPacket(let size): size
        case .skip, .dataTable: 0
        }
    }

    private func uint32(_ at: Int) -> UInt32 {
        part.withUnsafeBytes { FlatBufferTable.load($0, at, as: UInt32.self) }
    }

    /// The part of the current phase has arrived: check or decode it and move to the next phase.
    private mutating func completePart() throws(EventFileError) -> EventChunk {
        switch phase {
        case .versionLine:
            try checkVersionLine()
            phase = .headerLength
        case .headerLength:
            let size = Int(uint32(0))
            guard size > 0, size <= Self.maxHeaderBytes else {
                throw .malformed(path: source, offset: partStart, reason: "the IOHeader length \(size) is not between "
                                     + "1 and \(Self.maxHeaderBytes) bytes; the header is damaged")
            }
            phase = .header(size)
        case .header:
            try readHeader()
            phase = afterPacket()
        case .packetHeader:
            let stream = uint32(0), size = uint32(4)
            guard Int(size) <= maxPacketBytes else {
                throw .malformed(path: source, offset: partStart, reason: "the packet of stream \(stream) declares "
                                     + "\(size) bytes, more than the \(maxPacketBytes) this reader takes; the packet "
                                     + "header is damaged")
            }
            if stream == eventStreamID {
                guard size > 0 else {
                    throw .malformed(path: source, offset: partStart, reason: "an event packet of 0 bytes; the packet "
                                         + "header is damaged")
                }
                phase = .eventPacket(Int(size))
            } else {
                skippedPackets += 1
                phase = size > 0 ? .skip(stream: stream, left: Int64(size)) : afterPacket()
            }
        case .eventPacket:
            let events = try decodeEventPacket()
            eventPackets += 1
            phase = afterPacket()
            return events
        case .skip, .dataTable:
            break
        }
        return EventChunk()
    }

    /// The next packet header, or the data table when the header says it starts here.
    private func afterPacket() -> Phase {
        guard let position = header?.dataTablePosition, position >= 0, offset >= position else { return .packetHeader }
        return .dataTable
    }

    private func checkVersionLine() throws(EventFileError) {
        guard !part.elementsEqual(AEDAT4Header.versionLine) else { return }
        let line = String(decoding: part.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        let advice = line.hasPrefix(AEDATHeader.versionPrefix)
            ? "this is AEDAT \(line.dropFirst(AEDATHeader.versionPrefix.count)), not 4.0; open it with --format "
                + (line.hasPrefix(AEDATHeader.versionPrefix + "3") ? "aedat31" : "aedat2")
            : "an AEDAT 4 file starts with '#!AER-DAT4.0' and a CR LF"
        throw .malformed(path: source, offset: 0, reason: "the first line is not an AEDAT 4.0 version line: " + advice)
    }

    private mutating func readHeader() throws(EventFileError) {
        let dataOffset = offset
        let result = part.withUnsafeBytes { b in
            Result { () throws(FlatBufferDamage) in try AEDAT4Header(flatBuffer: b, dataOffset: dataOffset) }
        }
        guard case .success(let parsed) = result else {
            if case .failure(let damage) = result {
                throw .malformed(path: source, offset: partStart, reason: "the IOHeader is damaged: \(damage.reason)")
            }
            return
        }
        guard let stream = parsed.eventStream else {
            throw .malformed(path: source, offset: partStart, reason: "the stream description lists no event stream "
                                 + "(typeIdentifier EVTS); SpikeStream reads the events of AEDAT 4 files only")
        }
        header = parsed
        eventStreamID = stream.id
        describedSensor = stream.sensor
    }

    /// Decompresses and decodes the event packet in `part`.
    private mutating func decodeEventPacket() throws(EventFileError) -> EventChunk {
        let packetOffset = partStart - 8
        let decompressor = AEDAT4Decompressor(compression: header!.compression, maxBytes: maxPacketBytes)
        let decompressed = part.withUnsafeBytes { b in
            Result { () throws(AEDAT4Decompressor.Failure) in try decompressor.decompress(b, into: &self.decompressed) }
        }
        let length: Int
        switch decompressed {
        case .success(let n): length = n
        case .failure(let failure):
            throw .malformed(path: source, offset: packetOffset, reason: "the event packet cannot be decompressed: "
                                 + failure.reason)
        }
        let (sensor, source) = (sensorSize, source)
        return try self.decompressed.withBytes { (all) throws(EventFileError) -> EventChunk in
            // A size-prefixed FlatBuffer: its 32-bit size, then the buffer.
            let buffer = UnsafeRawBufferPointer(rebasing: all[0..<length])
            let located = Result { () throws(FlatBufferDamage) -> (body: UnsafeRawBufferPointer, start: Int, count: Int) in
                guard length >= 4, Int(FlatBufferTable.load(buffer, 0, as: UInt32.self)) <= length - 4 else {
                    throw FlatBufferDamage(reason: "its size prefix does not match its \(length) bytes")
                }
                let body = UnsafeRawBufferPointer(rebasing: buffer[4...])
                let table = try FlatBufferTable(root: body, identifier: Self.eventIdentifier)
                let (start, count) = try table.vector(0, elementSize: Self.eventBytes) ?? (0, 0)
                return (body, start, count)
            }
            switch located {
            case .success(let (body, start, count)):
                if let (index, reason) = Self.firstBadEvent(body, start: start, count: count, sensor: sensor) {
                    throw .malformed(path: source, offset: packetOffset, reason: "event \(index) of the packet " + reason)
                }
                return Self.events(body, start: start, count: count)
            case .failure(let damage):
                throw .malformed(path: source, offset: packetOffset,
                                 reason: "the event packet's FlatBuffer is damaged: \(damage.reason)")
            }
        }
    }

    /// The index of the first of `count` 16-byte events from `start` with a negative time or a pixel outside
    /// `sensor`, and what is wrong with it; `nil` when all are good.
    private static func firstBadEvent(_ buffer: UnsafeRawBufferPointer, start: Int, count: Int,
                                      sensor: SensorSize) -> (Int, String)? {
        for i in 0..<count {
            let e = start &+ i &* eventBytes
            let t = FlatBufferTable.load(buffer, e, as: Int64.self)
            let x = Int(FlatBufferTable.load(buffer, e &+ 8, as: Int16.self))
            let y = Int(FlatBufferTable.load(buffer, e &+ 10, as: Int16.self))
            if t < 0 { return (i, "has the negative time \(t) µs; the packet is damaged") }
            if x < 0 || y < 0 || x >= sensor.width || y >= sensor.height {
                return (i, "x=\(x), y=\(y) lies outside the \(sensor.width)×\(sensor.height) sensor; the packet is "
                            + "damaged, or pass the sensor size")
            }
        }
        return nil
    }

    /// The `count` 16-byte events from `start` (already checked by `firstBadEvent`).
    private static func events(_ buffer: UnsafeRawBufferPointer, start: Int, count: Int) -> EventChunk {
        EventChunk(unsafeUninitializedCapacity: count) { out in
            for i in 0..<count {
                let e = start &+ i &* eventBytes
                out.t[i] = FlatBufferTable.load(buffer, e, as: Int64.self)
                out.x[i] = UInt16(truncatingIfNeeded: FlatBufferTable.load(buffer, e &+ 8, as: Int16.self))
                out.y[i] = UInt16(truncatingIfNeeded: FlatBufferTable.load(buffer, e &+ 10, as: Int16.self))
                out.p[i] = buffer[e &+ 12] == 0 ? 0 : 1
            }
            return count
        }
    }
}
