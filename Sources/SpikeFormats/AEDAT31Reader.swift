import SpikeEvents

/// Streaming reader for AEDAT 3.1 files (cAER / DVS128-Gesture; FORMATS.md §3).
///
/// After the text header (ending `#!END-HEADER`) come packets: a 28-byte header, then `eventCapacity ×
/// eventSize` bytes. Only polarity packets (type 1) are decoded: their first `eventNumber` events, minus the
/// invalid ones (valid bit 0, counted in `invalidEvents`), with `t = eventTSOverflow << 31 | timestamp` µs.
/// Every other packet type is skipped by its declared size. Packet headers that cannot be true (negative or
/// zero sizes, counts out of order, a body running past the end of the file) are errors naming the packet's
/// byte offset. Events keep file order; a timestamp smaller than the previous one is counted in
/// `backwardSteps`. Memory is bounded by the block buffer whatever the file size.
public final class AEDAT31Reader: EventReader {
    public static let eventBytes = Int(AEDAT31PacketHeader.polarityEventSize)

    public let path: String
    public let sensorSize: SensorSize
    public let header: AEDATHeader
    /// Polarity events dropped because their valid bit was 0.
    public var invalidEvents: Int { decoder.invalidEvents }
    /// Polarity packets read so far, and packets of other types skipped.
    public private(set) var polarityPackets = 0
    public private(set) var skippedPackets = 0
    /// Events whose timestamp is smaller than the previous event's (kept, counted, never silent).
    public var backwardSteps: Int { decoder.backwardSteps }

    private let window: AEDATBufferedInput
    /// Events of the current polarity packet still to decode, and bytes to skip after them.
    private var eventsLeft = 0
    private var bytesAfterEvents: Int64 = 0
    private var overflowBase: Int64 = 0
    private var decoder: AEDAT31PolarityDecoder

    /// Opens `path` and parses its header. Events outside `sensorSize` (DVS128 for DVS128-Gesture) are errors.
    /// A regular file of at most `mapLimit` bytes is mapped and decoded in place, larger ones and pipes are read
    /// `blockEvents` events at a time (0: always read).
    public init(path: String, sensorSize: SensorSize = .dvs128, blockEvents: Int = 1 << 16,
                mapLimit: Int64 = EventFileFormat.defaultMapLimit) throws(EventFileError) {
        precondition(blockEvents > 0)
        self.path = path
        self.sensorSize = sensorSize
        decoder = AEDAT31PolarityDecoder(path: path, sensorSize: sensorSize)
        window = try .open(path: path, blockBytes: blockEvents * Self.eventBytes, mapLimit: mapLimit)
        header = try AEDATHeader.read(from: window, version: "3.",
                                      otherReader: "AEDAT2Reader (EventFileFormat.aedat2)", untilEndMarker: true)
    }

    public func nextChunk(maxEvents: Int) throws -> EventChunk? {
        precondition(maxEvents > 0, "maxEvents must be positive")
        let capacity = min(maxEvents, window.capacity / Self.eventBytes)
        let chunk = try EventChunk(unsafeUninitializedCapacity: capacity) { out in
            var n = 0
            while n < capacity {
                if eventsLeft == 0 { guard try nextPolarityPacket() else { break } }
                let wanted = min(eventsLeft, capacity - n)
                if !(try window.fill(atLeast: wanted * Self.eventBytes)) && window.available < Self.eventBytes {
                    // Only a pipe or a file that shrank: packet sizes are checked against the file size.
                    throw EventFileError.malformed(path: path, offset: window.offset + Int64(window.available),
                                                   reason: "the file ends inside a polarity packet, \(eventsLeft) "
                                                       + "events short; it is truncated")
                }
                let count = min(wanted, window.available / Self.eventBytes)
                n += try decoder.decode(window.bytes.baseAddress!, count: count, overflowBase: overflowBase,
                                        byteOffset: window.offset, into: out, at: n)
                window.consume(count * Self.eventBytes)
                eventsLeft -= count
            }
            return n
        }
        return chunk.isEmpty ? nil : chunk
    }

    /// Moves to the next polarity packet with events, skipping the rest of the current packet and whole
    /// packets of other types; returns `false` at the end of the file.
    private func nextPolarityPacket() throws(EventFileError) -> Bool {
        while true {
            if bytesAfterEvents > 0 {
                try window.skip(bytesAfterEvents)
                bytesAfterEvents = 0
            }
            let offset = window.offset
            guard try window.fill(atLeast: AEDAT31PacketHeader.size) else {
                if window.available == 0 { return false }
                throw .malformed(path: path, offset: offset, reason: "the file ends inside a 28-byte packet header "
                                     + "(\(window.available) bytes left); it is truncated")
            }
            let packet = AEDAT31PacketHeader(window.bytes)
            window.consume(AEDAT31PacketHeader.size)
            if let problem = packet.problem {
                throw .malformed(path: path, offset: offset, reason: problem + "; the packet header is corrupt")
            }
            if let remaining = window.remainingInFile, packet.bodyBytes > remaining {
                throw .malformed(path: path, offset: offset, reason: "the packet declares \(packet.eventCapacity) × "
                                     + "\(packet.eventSize) = \(packet.bodyBytes) bytes of events but only \(remaining) "
                                     + "bytes follow; the file is truncated or the packet header is corrupt")
            }
            guard packet.eventType == AEDAT31PacketHeader.polarityType else {
                skippedPackets += 1
                bytesAfterEvents = packet.bodyBytes
                continue
            }
            polarityPackets += 1
            eventsLeft = Int(packet.eventNumber)
            bytesAfterEvents = Int64(packet.eventCapacity - packet.eventNumber) * Int64(Self.eventBytes)
            overflowBase = Int64(packet.eventTSOverflow) << AEDAT31PacketHeader.timestampOverflowShift
            if eventsLeft > 0 { return true }
        }
    }
}
