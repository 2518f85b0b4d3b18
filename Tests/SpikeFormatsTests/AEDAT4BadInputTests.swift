import Foundation
import SpikeEvents
import SpikeFormats
import SpikeTestSupport
import Testing

@Suite("AEDAT 4 reader on bad input")
struct AEDAT4BadInputTests {
    static let sensor = SensorSize(width: 32, height: 16)

    /// A file of `events` in packets of 2, written by `AEDAT4Writer` with `compression`.
    private func file(_ events: EventChunk, compression: AEDAT4Header.Compression = .none) throws -> [UInt8] {
        let path = try RepoPaths.temporaryDirectory() + "/good.aedat4"
        let writer = try AEDAT4Writer(path: path, sensorSize: Self.sensor, compression: compression)
        try writer.write(events, packetEvents: 2)
        try writer.close(sync: false)
        return try AEDATTestFiles.bytes(path)
    }

    static let events = EventChunk(t: [1, 2, 3, 4], x: [0, 31, 5, 6], y: [15, 0, 7, 8], p: [1, 0, 1, 0])

    /// Byte offset of the first packet in a file `file` writes (version line, length, IOHeader).
    private func firstPacket(_ bytes: [UInt8]) -> Int { 18 + Int(bytes[14]) + Int(bytes[15]) << 8 }

    private func readError(_ bytes: [UInt8]) throws -> EventFileError? {
        try fileError {
            _ = try AEDAT4Reader(path: AEDATTestFiles.write(bytes, name: "bad.aedat4"), blockBytes: 7,
                                 maxPacketBytes: 1 << 16).readAll(chunkSize: 3)
        }
    }

    private func expectMalformed(_ bytes: [UInt8], at offset: Int, _ text: String,
                                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        SpikeFormatsTests.expectMalformed(try readError(bytes), at: offset, text, sourceLocation: sourceLocation)
    }

    @Test("the good file reads, in every compression", arguments: AEDAT4Header.Compression.allCases)
    func good(compression: AEDAT4Header.Compression) throws {
        let path = try AEDATTestFiles.write(try file(Self.events, compression: compression), name: "good.aedat4")
        let reader = try AEDAT4Reader(path: path)
        #expect(reader.sensorSize == Self.sensor)
        #expect(try reader.readAll() == Self.events)
        #expect(reader.eventPackets == 2)
    }

    @Test("an empty file, another AEDAT version, not AEDAT at all")
    func notAEDAT4() throws {
        guard case .emptyFile = try readError([]) else { Issue.record("empty file not reported"); return }
        try expectMalformed(Array("#!AER-DAT3.1\r\n#!END-HEADER\r\n".utf8), at: 0, "not 4.0; open it with --format aedat31")
        try expectMalformed(Array("#!AER-DAT2.0\r\n# x\r\n".utf8), at: 0, "--format aedat2")
        try expectMalformed(Array("hello, world, this is text".utf8), at: 0, "#!AER-DAT4.0")
    }

    @Test("truncated anywhere: the header, a packet header, a packet body")
    func truncated() throws {
        let bytes = try file(Self.events)
        let packet = firstPacket(bytes)
        guard case .truncated(_, let offset, _) = try readError(Array(bytes.prefix(20))) else {
            Issue.record("truncated header not reported")
            return
        }
        #expect(offset == 20)
        try expectMalformed(Array(bytes.prefix(packet + 5)), at: packet, "inside an 8-byte packet header")
        try expectMalformed(Array(bytes.prefix(packet + 8 + 10)), at: packet, "10 of its")
        // The second packet is cut: its offset is named, after the good first one.
        let second = packet + 8 + 32 + 2 * 16
        try expectMalformed(Array(bytes.dropLast(1)), at: second, "it is truncated")
    }

    @Test("a damaged header: length, identifier, compression, no event stream")
    func badHeader() throws {
        let bytes = try file(Self.events)
        var zeroLength = bytes
        zeroLength.replaceSubrange(14..<18, with: [0, 0, 0, 0])
        try expectMalformed(zeroLength, at: 14, "IOHeader length 0")
        var wrongID = bytes
        wrongID[22] = UInt8(ascii: "X")
        try expectMalformed(wrongID, at: 18, "identifier is 'XOHE'")
        var compression = bytes
        compression[18 + 24] = 9
        try expectMalformed(compression, at: 18, "compression type 9")
        let description = Array("<dv><node name=\"outInfo\"><node name=\"0\"><attr key=\"typeIdentifier\">FRME</attr>".utf8)
        let headerOnly = AEDAT4Header(compression: .none, description: String(decoding: description, as: UTF8.self))
        let path = try RepoPaths.temporaryDirectory() + "/frames.aedat4"
        try Data(headerOnly.fileBytes).write(to: URL(fileURLWithPath: path))
        try expectMalformed(try AEDATTestFiles.bytes(path), at: 18, "no event stream")
    }

    @Test("damaged packets: a size beyond the limit, a corrupt frame, a damaged FlatBuffer, events off the sensor")
    func badPackets() throws {
        let bytes = try file(Self.events)
        let packet = firstPacket(bytes)
        var huge = bytes
        huge.replaceSubrange((packet + 4)..<(packet + 8), with: [0xFF, 0xFF, 0xFF, 0x7F])
        try expectMalformed(huge, at: packet, "declares 2147483647 bytes")
        var lz4 = try file(Self.events, compression: .lz4)
        lz4[firstPacket(lz4) + 8] ^= 0xFF   // the LZ4 frame's magic number
        try expectMalformed(lz4, at: firstPacket(lz4), "cannot be decompressed")
        var zstd = try file(Self.events, compression: .zstd)
        zstd[firstPacket(zstd) + 8] ^= 0xFF
        try expectMalformed(zstd, at: firstPacket(zstd), "Zstd frame is corrupt")
        var count = bytes
        count[packet + 8 + 28] = 200   // the event vector claims 200 elements
        try expectMalformed(count, at: packet, "200 elements")
        var identifier = bytes
        identifier[packet + 8 + 8] = UInt8(ascii: "F")
        try expectMalformed(identifier, at: packet, "identifier is 'FVTS'")
        var offSensor = bytes
        offSensor[packet + 8 + 32 + 8] = 32   // x of the first event: 32 on a 32-wide sensor
        try expectMalformed(offSensor, at: packet, "x=32, y=15 lies outside the 32×16 sensor")
        var negative = bytes
        negative[packet + 8 + 32 + 7] = 0x80   // the top byte of t
        try expectMalformed(negative, at: packet, "negative time")
    }
}
