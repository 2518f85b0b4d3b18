import Foundation
import SpikeEvents
import SpikeFormats
import SpikeTestSupport

/// The AEDAT 3.1 files cross-checked with SpikingJelly (Fixtures/aedat31/): each is written by `AEDAT31Writer`
/// from the deterministic recipe below. `scripts/make_aedat31_spikingjelly_fixture.py` exports them (through
/// `AEDAT31FixtureTests` with `SPIKESTREAM_AEDAT31_FIXTURE_OUT` set), decodes them with SpikingJelly's
/// `load_aedat_v3` and commits its output as `spikingjelly_load_aedat_v3.json`.
enum AEDAT31FixtureRecipes {
    static let folder = RepoPaths.root + "/Tests/SpikeFormatsTests/Fixtures/aedat31"
    static let overflowStep: Int64 = 1 << 31

    /// Polarity events that cross the 2³¹ µs timestamp overflow, all valid, number == capacity (what SpikingJelly
    /// decodes identically), between SPECIAL and IMU6 packets and a packet from a second source.
    static let validMixedName = "valid_mixed.aedat"
    static let validMixedEvents: EventChunk = {
        var events = EventChunk()
        var state: UInt32 = 12345
        var t = overflowStep - 1_000_000
        for _ in 0..<3000 {
            state = state &* 1_103_515_245 &+ 12345
            t += Int64((state >> 8) % 1400)
            events.append(t: t, x: UInt16((state >> 12) % 128), y: UInt16((state >> 20) % 128),
                          p: UInt8((state >> 30) & 1))
        }
        return events
    }()

    /// 30 polarity events in packets of 10 with 4 spare (zeroed) slots each, every event i with i % 7 == 3
    /// invalid, timestamps in overflow epoch 3. SpikingJelly ignores the valid bit and `eventNumber`.
    static let invalidSpareName = "invalid_spare.aedat"
    static let invalidSparePacketEvents = 10
    static let invalidSpareSpare = 4
    static let invalidSpareEvents = EventChunk(
        t: (0..<30).map { 3 * overflowStep + 100 + Int64($0) * 250 },
        x: (0..<30).map { UInt16($0 * 4 + 1) }, y: (0..<30).map { UInt16(127 - $0 * 3) },
        p: (0..<30).map { UInt8($0 % 2) })
    static let invalidSpareValid = (0..<30).map { $0 % 7 != 3 }

    static func writeValidMixed(to path: String) throws {
        let writer = try AEDAT31Writer(path: path)
        let events = validMixedEvents
        try writer.writeOtherEvents(type: AEDAT31PacketHeader.specialType, eventSize: 8,
                                    timestamps: [events.t[0] - 10, events.t[0] - 5])
        try writer.writePolarity(events.slice(0..<1700), packetEvents: 512)
        try writer.writeOtherEvents(type: AEDAT31PacketHeader.imu6Type, eventSize: AEDAT31PacketHeader.imu6EventSize,
                                    timestamps: [events.t[1699], events.t[1699] + 1, events.t[1699] + 2])
        try writer.writePolarity(events.slice(1700..<2500), source: 2, packetEvents: 300)
        try writer.writeOtherEvents(type: 5, eventSize: 12, timestamps: [events.t[2499]])
        try writer.writePolarity(events.slice(2500..<3000), packetEvents: 4096)
        try writer.close(sync: false)
    }

    static func writeInvalidSpare(to path: String) throws {
        let writer = try AEDAT31Writer(path: path)
        try writer.writePolarity(invalidSpareEvents, valid: invalidSpareValid, packetEvents: invalidSparePacketEvents,
                                 spareCapacity: invalidSpareSpare)
        try writer.close(sync: false)
    }

    static let all: [(name: String, write: @Sendable (String) throws -> Void)] = [
        (validMixedName, writeValidMixed), (invalidSpareName, writeInvalidSpare),
    ]
}

/// SpikingJelly's decoding of one fixture file (`spikingjelly_load_aedat_v3.json`).
struct SpikingJellyDecoding: Decodable {
    let file: String
    let event_count: Int
    let sum_t: Int64
    let sum_x: Int64
    let sum_y: Int64
    let sum_p: Int64
    let first_events: [[Int64]]
    let last_events: [[Int64]]
    /// Every event `[t, x, y, p]`, for the small files.
    let events: [[Int64]]?
}

struct SpikingJellyFixture: Decodable {
    let spikingjelly_version: String
    let function: String
    let files: [SpikingJellyDecoding]

    static func load() throws -> SpikingJellyFixture {
        let data = try Data(contentsOf: URL(fileURLWithPath: AEDAT31FixtureRecipes.folder
                                                + "/spikingjelly_load_aedat_v3.json"))
        return try JSONDecoder().decode(SpikingJellyFixture.self, from: data)
    }
}
