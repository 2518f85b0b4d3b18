import Foundation
import SpikeEvents
import SpikeFormats
import SpikeTestSupport
import Testing

@Suite("AEDAT 3.1 reader on bad input")
struct AEDAT31BadInputTests {
    typealias F = AEDATTestFiles

    private func readError(_ bytes: [UInt8], sensor: SensorSize = .dvs128) throws -> EventFileError? {
        try fileError { _ = try AEDAT31Reader(path: F.write(bytes), sensorSize: sensor, blockEvents: 4).readAll(chunkSize: 3) }
    }

    /// The error must be `.malformed` at `offset` with a reason containing `text`.
    private func expectMalformed(_ bytes: [UInt8], at offset: Int, _ text: String,
                                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        SpikeFormatsTests.expectMalformed(try readError(bytes), at: offset, text, sourceLocation: sourceLocation)
    }

    static let h = F.aedat31Header.count

    @Test("an empty file, a missing version line, an AEDAT 2.0 file")
    func notAEDAT31() throws {
        guard case .emptyFile = try readError([]) else { Issue.record("empty file not reported"); return }
        try expectMalformed(Array("hello\n".utf8), at: 0, "#!AER-DAT")
        try expectMalformed(F.aedat2Header, at: 0, "AEDAT 2.0")
    }

    @Test("a header without #!END-HEADER, or with binary before it")
    func brokenHeader() throws {
        try expectMalformed(Array("#!AER-DAT3.1\r\n#Format: RAW\r\n".utf8), at: 28, "ends inside the header")
        try expectMalformed(Array("#!AER-DAT3.1\r\n".utf8) + F.packet(capacity: 0), at: 14, "END-HEADER")
        try expectMalformed(Array("#!AER-DAT3.1\r\n#bad\u{1}line\r\n#!END-HEADER\r\n".utf8), at: 14, "END-HEADER")
    }

    @Test("a file ending inside a packet header", arguments: [1, 27])
    func truncatedPacketHeader(bytes: Int) throws {
        try expectMalformed(F.aedat31Header + Array(F.packet(capacity: 0).prefix(bytes)), at: Self.h, "28-byte packet header")
    }

    @Test("packet bodies that run past the end of the file")
    func lyingCapacity() throws {
        // Truncated last event, a capacity of 100 with one event, and the largest possible claim.
        try expectMalformed(F.aedat31Header + F.packet(capacity: 1) + [1, 2, 3], at: Self.h, "only 3 bytes follow")
        try expectMalformed(F.aedat31Header + F.packet(capacity: 100) + F.polarity(x: 1, y: 1, p: 1, t: 1),
                            at: Self.h, "800 bytes of events")
        try expectMalformed(F.aedat31Header + F.packet(type: 7, size: .max, capacity: .max), at: Self.h,
                            "\(Int64(Int32.max) * Int64(Int32.max)) bytes")
        // The second packet lies; the error names its offset, after the good first packet.
        let good = F.packet(capacity: 1) + F.polarity(x: 1, y: 1, p: 1, t: 1)
        try expectMalformed(F.aedat31Header + good + F.packet(type: 3, size: 36, capacity: 2) + [0],
                            at: Self.h + good.count, "72 bytes")
    }

    @Test("impossible packet headers", arguments: [
        (F.packet(size: 0, capacity: 1), "size 0 is not positive"),
        (F.packet(type: 9, size: -8, capacity: 1), "not positive"),
        (F.packet(capacity: -1, number: 0, valid: 0), "negative"),
        (F.packet(capacity: 1, number: 2, valid: 0), "inconsistent"),
        (F.packet(capacity: 2, number: 1, valid: 2), "inconsistent"),
        (F.packet(size: 12, capacity: 1), "8 bytes"),
        (F.packet(tsOffset: 0, capacity: 1), "8 bytes"),
        (F.packet(type: 3, size: 36, tsOffset: 40, capacity: 1), "outside the 36-byte event"),
        (F.packet(overflow: -1, capacity: 1), "overflow -1"),
        (F.packet(type: -3, capacity: 1), "type -3"),
    ])
    func impossibleHeaders(header: [UInt8], text: String) throws {
        try expectMalformed(F.aedat31Header + header + [UInt8](repeating: 0, count: 64), at: Self.h, text)
    }

    @Test("events outside the sensor and negative timestamps name the event's offset")
    func badEvents() throws {
        let first = Self.h + 28
        try expectMalformed(F.aedat31Header + F.packet(capacity: 2) + F.polarity(x: 1, y: 1, p: 1, t: 1)
                                + F.polarity(x: 128, y: 1, p: 1, t: 2), at: first + 8, "x=128, y=1 lies outside")
        try expectMalformed(F.aedat31Header + F.packet(capacity: 1) + F.polarity(x: 1, y: 1, p: 1, t: -5),
                            at: first, "negative timestamp -5")
        // The same out-of-range event is fine for a bigger sensor, and dropped when invalid.
        let bytes = F.aedat31Header + F.packet(capacity: 2) + F.polarity(x: 300, y: 200, p: 1, t: 2)
            + F.polarity(x: 9999, y: 9999, p: 1, valid: false, t: -1)
        #expect(try AEDAT31Reader(path: F.write(bytes), sensorSize: SensorSize(width: 346, height: 260)).readAll()
            == EventChunk(t: [2], x: [300], y: [200], p: [1]))
    }

    @Test("random bytes after a valid header give events or a typed error, never a crash")
    func randomBytes() throws {
        var state: UInt64 = 0xC0FFEE
        var errors = 0
        for length in stride(from: 0, to: 600, by: 3) {
            var bytes = F.aedat31Header
            for i in 0..<length {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                // Small header fields now and then, so some inputs get past the packet-header checks.
                bytes.append(i % 4 == 3 && state >> 62 != 0 ? 0 : UInt8(truncatingIfNeeded: state >> 33))
            }
            do {
                let events = try AEDAT31Reader(path: F.write(bytes)).readAll(chunkSize: 5)
                #expect(events.x.allSatisfy { $0 < 128 } && events.y.allSatisfy { $0 < 128 })
            } catch is EventFileError {
                errors += 1
            }
        }
        #expect(errors > 0)
    }
}
