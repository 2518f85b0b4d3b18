import Foundation
import SpikeEvents
import SpikeFormats
import SpikeTestSupport
import Testing

@Suite("Prophesee readers on bad input")
struct PropheseeBadInputTests {
    typealias P = PropheseeTestFiles

    private func readError(_ bytes: [UInt8], _ encoding: PropheseeEncoding) throws -> EventFileError? {
        try fileError {
            _ = try PropheseeReader(path: AEDATTestFiles.write(bytes, name: "bad.raw"), encoding: encoding, blockBytes: 5)
                .readAll(chunkSize: 3)
        }
    }

    private func expectMalformed(_ bytes: [UInt8], _ encoding: PropheseeEncoding, at offset: Int, _ text: String,
                                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        SpikeFormatsTests.expectMalformed(try readError(bytes, encoding), at: offset, text, sourceLocation: sourceLocation)
    }

    @Test("an empty file")
    func empty() throws {
        for encoding in PropheseeEncoding.allCases {
            guard case .emptyFile = try readError([], encoding) else { Issue.record("empty \(encoding) not reported"); continue }
        }
    }

    @Test("a file ending inside a word or record names the incomplete record's offset",
          arguments: [(PropheseeEncoding.evt2, 4), (.evt3, 2), (.dat, 8)])
    func truncatedWord(encoding: PropheseeEncoding, size: Int) throws {
        let header = encoding == .dat ? P.datHeader : encoding == .evt2 ? P.evt2Header : P.evt3Header
        let whole = [UInt8](repeating: 0, count: 2 * size)
        for cut in 1..<size {
            let error = try readError(header + whole + [UInt8](repeating: 0, count: cut), encoding)
            guard case .truncatedRecord(_, let offset, let recordSize, let left) = error else {
                Issue.record("expected truncatedRecord, got \(String(describing: error))")
                continue
            }
            #expect(offset == Int64(header.count + whole.count) && recordSize == size && left == cut)
        }
    }

    @Test("a header declaring another encoding names the right one")
    func wrongEncoding() throws {
        try expectMalformed(P.evt3Header, .evt2, at: 0, "--format evt3")
        try expectMalformed(P.evt2Header, .evt3, at: 0, "--format evt2")
        try expectMalformed(Array("% evt 2.1\n".utf8), .evt2, at: 0, "EVT 2.0 and EVT 3.0 only")
        try expectMalformed(Array("% format EVT21;height=720;width=1280\n".utf8), .evt3, at: 0, "EVT 2.1")
        try expectMalformed(P.evt3Header, .dat, at: 0, "RAW file, not DAT")
    }

    @Test("DAT: a wrong event type or size, or a file ending before them")
    func datPreamble() throws {
        let header = Array("% Version 2\n".utf8)
        try expectMalformed(header + [0, 16], .dat, at: header.count, "size 16")
        try expectMalformed(header + [0x2D, 8], .dat, at: header.count, "event type 45")
        guard case .truncated(_, let offset, _) = try readError(header + [0], .dat) else {
            Issue.record("missing type/size byte not reported")
            return
        }
        #expect(offset == Int64(header.count + 1))
    }

    @Test("events outside the sensor name their word's offset")
    func outsideSensor() throws {
        let h2 = P.evt2Header.count
        // The header's 640×480: x 640 in the third word.
        try expectMalformed(P.evt2Header + P.words32([0x8000_0001, 0x1000_0000 | 3 << 11 | 4, 640 << 11 | 4]), .evt2,
                            at: h2 + 8, "x=640, y=4 lies outside the 640×480 sensor")
        let h3 = P.evt3Header.count
        // 1280×720: a vector running past column 1279 (bits 0 and 5 from 1275) fails at the vector word.
        try expectMalformed(P.evt3Header + P.words16([0x8000, 0x0001, 0x3000 | 1275, 0x4000 | 0b10_0001]), .evt3,
                            at: h3 + 6, "x=1280, y=1")
        try expectMalformed(P.datHeader + [1, 0, 0, 0] + P.words32([304]), .dat, at: P.datHeader.count, "x=304")
        try expectMalformed(P.datHeader + [1, 0, 0, 0] + P.words32([2 << 28]), .dat, at: P.datHeader.count, "polarity 2")
    }

    @Test("a header line longer than a header line can be, or more lines than a header has")
    func oversizedHeader() throws {
        // A '%' line without a line break within 4 KiB is data, whose words then decode (or fail) as words.
        let long = Array(("% " + String(repeating: "x", count: 5000) + "\n").utf8)
        let error = try readError(long, .evt3)
        #expect(error == nil || error?.description.contains("offset") == true)
        let many = Array(String(repeating: "% a\n", count: PropheseeHeader.maxLines + 1).utf8)
        try expectMalformed(many, .evt2, at: 4 * PropheseeHeader.maxLines, "more than \(PropheseeHeader.maxLines)")
    }
}
