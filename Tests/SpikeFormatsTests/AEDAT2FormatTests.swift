import Foundation
import SpikeEvents
import SpikeFormats
import SpikeTestSupport
import Testing

@Suite("AEDAT 2.0 reader and writer on constructed files")
struct AEDAT2FormatTests {
    @Test("every orientation round-trips through the writer", arguments: DVS128Orientation.allCases)
    func roundTrip(orientation: DVS128Orientation) throws {
        var events = EventChunk()
        for i in 0..<5000 {
            events.append(t: Int64(i * 3), x: UInt16(i % 128), y: UInt16((i / 128) % 128), p: UInt8(i % 2))
        }
        let path = try RepoPaths.temporaryDirectory() + "/rt.aedat"
        let writer = try AEDAT2Writer(path: path, orientation: orientation)
        try writer.write(events)
        try writer.close()
        let (read, sizesOK) = try AEDATTestFiles.readAll(AEDAT2Reader(path: path, orientation: orientation,
                                                                      blockRecords: 100), maxEvents: 777)
        #expect(sizesOK)
        #expect(read == events)
    }

    @Test("address bits by hand: raw x 3, y 5, ON in each orientation")
    func addressByHand() throws {
        // raw_y = 5 (bits 8–14), raw_x = 3 (bits 1–7), raw_p = 0 (ON).
        let path = try AEDATTestFiles.write(AEDATTestFiles.aedat2Header + AEDATTestFiles.record(0x0506, 42))
        let expected: [DVS128Orientation: Event] = [
            .raw: Event(t: 42, x: 3, y: 5, p: 0),
            .jaer: Event(t: 42, x: 124, y: 5, p: 1),
            .standard: Event(t: 42, x: 124, y: 122, p: 1),
            .spikingjelly: Event(t: 42, x: 122, y: 124, p: 1),
        ]
        for (orientation, event) in expected {
            #expect(try AEDAT2Reader(path: path, orientation: orientation).readAll()[0] == event)
        }
    }

    @Test("special (bit 31) and sync (bit 15) records are skipped and counted")
    func specialAndSync() throws {
        let body = AEDATTestFiles.record(0x8000_0000, 1) + AEDATTestFiles.record(0x0002, 2)
            + AEDATTestFiles.record(0x8000, 3) + AEDATTestFiles.record(0x8000_8000, 4) + AEDATTestFiles.record(0x0100, 5)
        let reader = try AEDAT2Reader(path: AEDATTestFiles.write(AEDATTestFiles.aedat2Header + body), orientation: .raw)
        let events = try reader.readAll(chunkSize: 2)
        #expect(events == EventChunk(t: [2, 5], x: [1, 0], y: [0, 1], p: [0, 0]))
        #expect(reader.specialEvents == 2)
        #expect(reader.syncEvents == 1)
    }

    @Test("the 32-bit timestamp wrap is unwrapped, a small step back is kept and counted")
    func wrapAndBackwardSteps() throws {
        let stamps: [UInt32] = [0xFFFF_FFF0, 0xFFFF_FFFF, 0x0000_0005, 0x0000_0003, 0x8000_0000]
        let body = stamps.flatMap { AEDATTestFiles.record(0x0002, $0) }
        let reader = try AEDAT2Reader(path: AEDATTestFiles.write(AEDATTestFiles.aedat2Header + body))
        let events = try reader.readAll(chunkSize: 2)
        let wrap: Int64 = 1 << 32
        #expect(events.t == [0xFFFF_FFF0, 0xFFFF_FFFF, wrap + 5, wrap + 3, wrap + 0x8000_0000])
        #expect(reader.backwardSteps == 1)
    }

    /// jAER time is unsigned: 0xFFFFFFFF after 0 is 71.6 min later, not 1 µs earlier; each later wrap adds 2³².
    @Test("timestamp 0xFFFFFFFF is unsigned time, and wraps keep the timeline rising")
    func unsignedTimestamps() throws {
        let stamps: [UInt32] = [0, 0xFFFF_FFFF, 7, 0x9000_0000, 0x0000_0001, 0xFFFF_FFFF]
        let body = stamps.flatMap { AEDATTestFiles.record(0x0002, $0) }
        let reader = try AEDAT2Reader(path: AEDATTestFiles.write(AEDATTestFiles.aedat2Header + body))
        let events = try reader.readAll(chunkSize: 4)
        let wrap: Int64 = 1 << 32
        #expect(events.t == [0, 0xFFFF_FFFF, wrap + 7, wrap + 0x9000_0000, 2 * wrap + 1, 2 * wrap + 0xFFFF_FFFF])
        #expect(reader.backwardSteps == 0)
        var stream = AEDAT2StreamDecoder(source: "stream")
        var streamed = try stream.push(AEDATTestFiles.aedat2Header + body)
        streamed.append(contentsOf: try stream.finish())
        #expect(streamed.t == events.t)
    }

    @Test("writer stores timestamps past 2³² so that the reader unwraps them")
    func writerWrap() throws {
        let t: [Int64] = [4_000_000_000, 4_294_967_295, 4_294_967_296, 6_000_000_000, 8_000_000_000, 7_000_000_000]
        let events = EventChunk(t: t, x: [1, 2, 3, 4, 5, 6], y: [5, 4, 3, 2, 1, 0], p: [0, 1, 0, 1, 0, 1])
        let path = try RepoPaths.temporaryDirectory() + "/wrap.aedat"
        let writer = try AEDAT2Writer(path: path)
        try writer.write(events)
        try writer.close()
        #expect(try AEDAT2Reader(path: path).readAll() == events)
    }

    @Test("writer rejects events it cannot encode")
    func writerRejects() throws {
        let dir = try RepoPaths.temporaryDirectory()
        let cases: [EventChunk] = [
            EventChunk(t: [0], x: [128], y: [0], p: [0]),
            EventChunk(t: [0], x: [0], y: [0], p: [2]),
            EventChunk(t: [-1], x: [0], y: [0], p: [0]),
            EventChunk(t: [0, 1 << 32], x: [0, 0], y: [0, 0], p: [0, 0]),
            EventChunk(t: [(1 << 31) + 1, 0], x: [0, 0], y: [0, 0], p: [0, 0]),
        ]
        for events in cases {
            let writer = try AEDAT2Writer(path: dir + "/bad.aedat")
            #expect(throws: EventFileError.self) { try writer.write(events) }
        }
    }

    /// loadaerdat.m's trap: data whose first byte is '#'. The first record (address 0x23010203, timestamp 10)
    /// even contains a '\n' byte, but the 0x01 before it is not printable, so it is not a header line.
    @Test("a first data byte '#' is data, not a header line")
    func headerParserTrap() throws {
        let body = AEDATTestFiles.record(0x2301_0203, 10) + AEDATTestFiles.record(0x0002, 11)
        let reader = try AEDAT2Reader(path: AEDATTestFiles.write(Array("#!AER-DAT2.0\n".utf8) + body),
                                      orientation: .raw)
        #expect(reader.header.dataOffset == 13)
        let events = try reader.readAll()
        #expect(events.count == 2)
        #expect(events[0] == Event(t: 10, x: 1, y: 2, p: 1))
    }

    @Test("CRLF and LF headers give the same lines")
    func lineEnds() throws {
        for end in ["\r\n", "\n"] {
            let text = "#!AER-DAT2.0\(end)# a b\tc\(end)#\(end)"
            let reader = try AEDAT2Reader(path: AEDATTestFiles.write(Array(text.utf8)))
            #expect(reader.header.lines == ["#!AER-DAT2.0", "# a b\tc", "#"])
            #expect(reader.header.dataOffset == Int64(text.utf8.count))
            #expect(try reader.nextChunk(maxEvents: 1) == nil)
        }
    }
}
