import Foundation
import SpikeEvents
import SpikeFormats
import SpikeTestSupport
import Testing

@Suite("AEDAT 3.1 reader and writer on constructed files")
struct AEDAT31FormatTests {
    typealias F = AEDATTestFiles

    @Test("polarity bits, overflow and validity by hand")
    func polarityByHand() throws {
        let body = F.packet(overflow: 2, capacity: 3)
            + F.polarity(x: 5, y: 7, p: 1, t: 100) + F.polarity(x: 9, y: 9, p: 1, valid: false, t: 150)
            + F.polarity(x: 127, y: 0, p: 0, t: 0x7FFF_FFFF)
        let reader = try AEDAT31Reader(path: F.write(F.aedat31Header + body))
        let events = try reader.readAll()
        let base: Int64 = 2 << 31
        #expect(events == EventChunk(t: [base + 100, base + 0x7FFF_FFFF], x: [5, 127], y: [7, 0], p: [1, 0]))
        #expect(reader.invalidEvents == 1 && reader.polarityPackets == 1)
        #expect(reader.header.lines == ["#!AER-DAT3.1", "#Format: RAW", "#!END-HEADER"])
        #expect(reader.header.version == "3.1")
    }

    @Test("events after eventNumber and packets of other types are skipped by their declared size")
    func skipping() throws {
        // A type-5 packet of 3 × 12 bytes whose body is '#' and polarity-looking junk, then a polarity packet
        // with capacity 3 and number 1, then another polarity packet.
        let junk = (0..<3).flatMap { _ in F.polarity(x: 1, y: 1, p: 1, t: 1) + [0x23, 0x23, 0x23, 0x23] }
        let body = F.packet(type: 5, size: 12, capacity: 3) + junk
            + F.packet(capacity: 3, number: 1) + F.polarity(x: 2, y: 3, p: 0, t: 10)
            + F.polarity(x: 4, y: 4, p: 1, t: 11) + F.polarity(x: 4, y: 4, p: 1, t: 12)
            + F.packet(capacity: 1) + F.polarity(x: 6, y: 7, p: 1, t: 20)
        let reader = try AEDAT31Reader(path: F.write(F.aedat31Header + body))
        #expect(try reader.readAll(chunkSize: 1) == EventChunk(t: [10, 20], x: [2, 6], y: [3, 7], p: [0, 1]))
        #expect(reader.skippedPackets == 1 && reader.polarityPackets == 2)
    }

    @Test("a step back in time across packets is kept and counted")
    func backwardAcrossPackets() throws {
        let body = F.packet(capacity: 2) + F.polarity(x: 1, y: 1, p: 1, t: 50) + F.polarity(x: 1, y: 1, p: 1, t: 60)
            + F.packet(capacity: 1) + F.polarity(x: 1, y: 1, p: 1, t: 55)
        let reader = try AEDAT31Reader(path: F.write(F.aedat31Header + body))
        #expect(try reader.readAll().t == [50, 60, 55])
        #expect(reader.backwardSteps == 1)
    }

    @Test("LF line ends and optional header lines are accepted; format detection by the version line")
    func headerVariants() throws {
        let text = "#!AER-DAT3.1\n#Format: RAW\n#Source 1: DVS128\n#Start-Time: 2017-08-09 (TZ+0200)\n#!END-HEADER\n"
        let path = try F.write(Array(text.utf8) + F.packet(capacity: 1) + F.polarity(x: 1, y: 2, p: 1, t: 3))
        #expect(EventFileFormat.detect(path: path) == .aedat31)
        let reader = try #require(try EventFileFormat.aedat31.openReader(path: path) as? AEDAT31Reader)
        #expect(reader.header.lines.count == 5 && reader.header.dataOffset == Int64(text.utf8.count))
        #expect(try reader.readAll() == EventChunk(t: [3], x: [1], y: [2], p: [1]))
    }

    @Test("writer round trip in chunks of any size", arguments: [1, 7, 1000])
    func roundTrip(maxEvents: Int) throws {
        var events = EventChunk()
        for i in 0..<5000 {
            events.append(t: Int64(i) * 997 + (1 << 31) - 2_000_000, x: UInt16(i % 128), y: UInt16(i * 7 % 128),
                          p: UInt8(i % 2))
        }
        let path = try RepoPaths.temporaryDirectory() + "/rt.aedat"
        let writer = try AEDAT31Writer(path: path)
        try writer.writePolarity(events, packetEvents: 333, spareCapacity: 2)
        try writer.close()
        let reader = try AEDAT31Reader(path: path, blockEvents: 50)
        let (read, sizesOK) = try F.readAll(reader, maxEvents: maxEvents)
        #expect(sizesOK)
        #expect(read == events)
        // Events 0…2006 have t < 2³¹ (2007 · 997 > 2 000 000): ⌈2007 / 333⌉ + ⌈2993 / 333⌉ = 7 + 9 packets.
        #expect(reader.polarityPackets == 16)
        // The same through the read buffer instead of the mapping (packets then straddle 50-event blocks).
        let buffered = try AEDAT31Reader(path: path, blockEvents: 50, mapLimit: 0)
        #expect(try F.readAll(buffered, maxEvents: maxEvents) == (read, true))
        #expect(buffered.polarityPackets == 16)
    }

    @Test("writer rejects events a polarity event cannot hold")
    func writerRejects() throws {
        let dir = try RepoPaths.temporaryDirectory()
        for events in [EventChunk(t: [0], x: [1 << 15], y: [0], p: [0]), EventChunk(t: [-1], x: [0], y: [0], p: [0]),
                       EventChunk(t: [0], x: [0], y: [0], p: [3])] {
            let writer = try AEDAT31Writer(path: dir + "/bad.aedat")
            #expect(throws: EventFileError.self) { try writer.writePolarity(events) }
        }
    }
}
