/// The 28-byte little-endian header in front of every AEDAT 3.1 event packet (FORMATS.md §3, libcaer's
/// `caer_event_packet_header`). The packet body holds `eventCapacity × eventSize` bytes.
public struct AEDAT31PacketHeader: Sendable, Equatable {
    public static let size = 28
    /// libcaer event types used here; every other type is skipped by its declared size.
    public static let specialType: Int16 = 0
    public static let polarityType: Int16 = 1
    public static let imu6Type: Int16 = 3
    public static let polarityEventSize: Int32 = 8
    /// `caer_imu6_event`: info word, timestamp, 7 floats.
    public static let imu6EventSize: Int32 = 36
    public static let timestampOverflowShift: Int64 = 31

    public var eventType: Int16
    public var eventSource: Int16
    public var eventSize: Int32
    public var eventTSOffset: Int32
    public var eventTSOverflow: Int32
    public var eventCapacity: Int32
    public var eventNumber: Int32
    public var eventValid: Int32

    public init(eventType: Int16, eventSource: Int16, eventSize: Int32, eventTSOffset: Int32, eventTSOverflow: Int32,
                eventCapacity: Int32, eventNumber: Int32, eventValid: Int32) {
        self.eventType = eventType
        self.eventSource = eventSource
        self.eventSize = eventSize
        self.eventTSOffset = eventTSOffset
        self.eventTSOverflow = eventTSOverflow
        self.eventCapacity = eventCapacity
        self.eventNumber = eventNumber
        self.eventValid = eventValid
    }

    /// Decodes the first 28 bytes of `bytes`.
    init(_ bytes: UnsafeRawBufferPointer) {
        func int32(_ at: Int) -> Int32 { Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: Int32.self)) }
        eventType = Int16(littleEndian: bytes.loadUnaligned(fromByteOffset: 0, as: Int16.self))
        eventSource = Int16(littleEndian: bytes.loadUnaligned(fromByteOffset: 2, as: Int16.self))
        eventSize = int32(4)
        eventTSOffset = int32(8)
        eventTSOverflow = int32(12)
        eventCapacity = int32(16)
        eventNumber = int32(20)
        eventValid = int32(24)
    }

    /// The 28 header bytes.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(Self.size)
        withUnsafeBytes(of: eventType.littleEndian) { out += $0 }
        withUnsafeBytes(of: eventSource.littleEndian) { out += $0 }
        for field in [eventSize, eventTSOffset, eventTSOverflow, eventCapacity, eventNumber, eventValid] {
            withUnsafeBytes(of: field.littleEndian) { out += $0 }
        }
        return out
    }

    /// Bytes of the packet body that follows the header.
    public var bodyBytes: Int64 { Int64(eventCapacity) * Int64(eventSize) }

    /// Why this header cannot describe a real packet, or `nil` when it can.
    var problem: String? {
        if eventType < 0 { return "packet event type \(eventType) is negative" }
        if eventSize <= 0 { return "packet event size \(eventSize) is not positive" }
        if eventCapacity < 0 || eventNumber < 0 || eventValid < 0 {
            return "packet counts are negative (capacity \(eventCapacity), number \(eventNumber), valid \(eventValid))"
        }
        if eventNumber > eventCapacity || eventValid > eventNumber {
            return "packet counts are inconsistent (capacity \(eventCapacity) ≥ number \(eventNumber) ≥ valid "
                + "\(eventValid) must hold)"
        }
        if eventTSOverflow < 0 { return "packet timestamp overflow \(eventTSOverflow) is negative" }
        if eventTSOffset < 0 || eventTSOffset > eventSize - 4 {
            return "timestamp offset \(eventTSOffset) lies outside the \(eventSize)-byte event"
        }
        if eventType == Self.polarityType && (eventSize != Self.polarityEventSize || eventTSOffset != 4) {
            return "polarity packet declares \(eventSize)-byte events with the timestamp at byte \(eventTSOffset); "
                + "AEDAT 3.1 polarity events are 8 bytes with the timestamp at byte 4"
        }
        return nil
    }
}
