import Foundation
import SpikeEvents
import SpikeFormats
import SpikeTestSupport
import Testing

/// Hand-made Prophesee files: a header, then little-endian words.
enum PropheseeTestFiles {
    static let evt2Header = Array("% evt 2.0\n% geometry 640x480\n% end\n".utf8)
    static let evt3Header = Array("% evt 3.0\n% format EVT3;height=720;width=1280\n% end\n".utf8)
    static let datHeader = Array("% Data file containing Event2D events.\n% Version 2\n".utf8) + [0, 8]

    static func words32(_ words: [UInt32]) -> [UInt8] { words.flatMap { withUnsafeBytes(of: $0.littleEndian) { Array($0) } } }
    static func words16(_ words: [UInt16]) -> [UInt8] { words.flatMap { withUnsafeBytes(of: $0.littleEndian) { Array($0) } } }

    static func read(_ bytes: [UInt8], _ encoding: PropheseeEncoding, sensor: SensorSize? = nil) throws -> EventChunk {
        try PropheseeReader(path: AEDATTestFiles.write(bytes, name: "test.raw"), encoding: encoding, sensorSize: sensor)
            .readAll()
    }

    /// Writes `events` with `PropheseeWriter` and reads them back.
    static func roundTrip(_ events: EventChunk, _ encoding: PropheseeEncoding,
                          sensor: SensorSize = SensorSize(width: 640, height: 480)) throws -> EventChunk {
        let path = try RepoPaths.temporaryDirectory() + "/round.raw"
        let writer = try PropheseeWriter(path: path, encoding: encoding, sensorSize: sensor)
        try writer.write(events)
        try writer.close(sync: false)
        return try PropheseeReader(path: path, encoding: encoding, blockBytes: 64).readAll()
    }
}

@Suite("Prophesee EVT 2.0, EVT 3.0 and DAT edge cases")
struct PropheseeFormatTests {
    typealias P = PropheseeTestFiles

    @Test("EVT 2.0: CD words take the time base of the last TIME_HIGH; words before the first are dropped")
    func evt2Words() throws {
        let words: [UInt32] = [
            0x1000_0000 | 5 << 11 | 6,            // CD_ON before any TIME_HIGH: no time, dropped
            0x8000_0000 | 100,                    // TIME_HIGH: base 6400 µs
            0x1000_0000 | 63 << 22 | 7 << 11 | 8, // ON at 6400 + 63
            0xA000_0000 | 3 << 22 | 1,            // EXT_TRIGGER: skipped
            0xE000_0000, 0xF000_0000,             // OTHERS, CONTINUED: skipped
            0x0000_0000 | 1 << 22 | 639 << 11 | 479, // OFF at 6401, the sensor's last pixel
        ]
        let events = try P.read(P.evt2Header + P.words32(words), .evt2)
        #expect(events == EventChunk(t: [6463, 6401], x: [7, 639], y: [8, 479], p: [1, 0]))
    }

    @Test("EVT 2.0 and EVT 3.0: time keeps rising across TIME_HIGH wraps", arguments: [PropheseeEncoding.evt2, .evt3])
    func timeHighWraps(encoding: PropheseeEncoding) throws {
        // EVT 2.0's 34-bit time wraps every 2^34 µs (4.8 h), EVT 3.0's 24-bit time every 2^24 µs (16.8 s).
        let span: Int64 = encoding == .evt2 ? 1 << 34 : 1 << 24
        let t: [Int64] = [5, span - 70, span - 1, span, span + 3, 3 * span + 17, 3 * span + 17, 7 * span / 2]
        let events = EventChunk(t: t, x: [1, 2, 3, 4, 5, 6, 7, 8], y: [9, 9, 9, 9, 9, 9, 10, 11],
                                p: [0, 1, 0, 1, 0, 1, 0, 1])
        #expect(try P.roundTrip(events, encoding) == events)
    }

    @Test("EVT 3.0: vectors emit one event per set bit from the base column, then move the base on")
    func evt3Vectors() throws {
        let words: [UInt16] = [
            0x8000 | 0x001,          // TIME_HIGH: base 4096
            0x6000 | 0x010,          // TIME_LOW: t = 4112
            0x0000 | 100,            // ADDR_Y 100
            0x3000 | 1 << 11 | 200,  // VECT_BASE_X 200, ON
            0x4000 | 0b1000_0000_0101, // VECT_12: x 200, 202, 211; base → 212
            0x5000 | 0b1000_0001,    // VECT_8: x 212, 219; base → 220
            0x5000,                  // VECT_8 with no bits: nothing; base → 228
            0x4000 | 0b1,            // VECT_12: x 228
            0x2000 | 0 << 11 | 5,    // ADDR_X 5, OFF
        ]
        let events = try P.read(P.evt3Header + P.words16(words), .evt3)
        #expect(events.x == [200, 202, 211, 212, 219, 228, 5])
        #expect(events.p == [1, 1, 1, 1, 1, 1, 0])
        #expect(events.t == [Int64](repeating: 4112, count: 7))
        #expect(events.y == [UInt16](repeating: 100, count: 7))
    }

    @Test("EVT 3.0: a smaller TIME_LOW under the same TIME_HIGH is not a wrap (Prophesee, not expelliarmus)")
    func evt3TimeLowNotMonotonic() throws {
        // The real sample has TIME_HIGH 0xB2D, TIME_LOW 0x32B, TIME_LOW 0x320 (docs/FORMATS.md); expelliarmus adds
        // 4096 µs at the second TIME_LOW, Prophesee's reference decoder does not.
        let words: [UInt16] = [0x8B2D, 0x0007, 0x632B, 0x2001, 0x6320, 0x2002]
        let events = try P.read(P.evt3Header + P.words16(words), .evt3)
        #expect(events.t == [0xB2D << 12 + 0x32B, 0xB2D << 12 + 0x320])
    }

    @Test("EVT 3.0: words before the first TIME_HIGH, EM rows and triggers give no events")
    func evt3Skips() throws {
        let words: [UInt16] = [
            0x0005, 0x2003,          // ADDR_Y, ADDR_X before any TIME_HIGH: dropped
            0x8002,                  // TIME_HIGH: 8192 µs
            0x1004, 0x2003,          // EM_Y: the next ADDR_X is not a change detection
            0xA001, 0x7000, 0xE000, 0xF000, // trigger, CONTINUED_4, OTHERS, CONTINUED_12
            0x0006, 0x2803,          // ADDR_Y 6, ADDR_X 3 ON
        ]
        let events = try P.read(P.evt3Header + P.words16(words), .evt3)
        #expect(events == EventChunk(t: [8192], x: [3], y: [6], p: [1]))
    }

    @Test("EVT 3.0 writer: bursts become vectors and read back in order")
    func evt3WriterBursts() throws {
        // A row burst (12-wide, then 8-wide), a lone event, two polarities at one time, a new row.
        let events = EventChunk(t: [10, 10, 10, 10, 10, 10, 10, 10, 11, 11, 11, 5000],
                                x: [100, 101, 105, 111, 112, 113, 119, 300, 7, 7, 8, 639],
                                y: [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 479], p: [1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 0])
        let path = try RepoPaths.temporaryDirectory() + "/burst.raw"
        let writer = try PropheseeWriter(path: path, encoding: .evt3, sensorSize: SensorSize(width: 640, height: 480))
        try writer.write(events)
        try writer.close(sync: false)
        let bytes = try AEDATTestFiles.bytes(path)
        let header = Int(try PropheseeReader(path: path, encoding: .evt3).header.dataOffset)
        let types = stride(from: header, to: bytes.count, by: 2).map { bytes[$0 + 1] >> 4 }
        #expect(types.filter { $0 == 0x4 }.count == 1 && types.filter { $0 == 0x5 }.count == 2)
        #expect(try PropheseeReader(path: path, encoding: .evt3).readAll() == events)
    }

    @Test("DAT: 32-bit timestamps unwrap, polarity and 14-bit addresses decode")
    func datRecords() throws {
        // Steps below 2³¹ µs, across the 2³² wrap: a fall of the raw value by more than 2³¹ is a wrap.
        let events = EventChunk(t: [0, 2_000_000_000, 4_000_000_000, (1 << 32) + 5, (1 << 32) + 2_000_000_000],
                                x: [0, 303, 17, 1, 2], y: [239, 0, 18, 2, 3], p: [1, 0, 1, 0, 1])
        let sensor = SensorSize(width: 304, height: 240)
        #expect(try P.roundTrip(events, .dat, sensor: sensor) == events)
        // A step of 2³¹ µs or more cannot be told from a wrap: the writer refuses it.
        #expect(throws: EventFileError.self) {
            try P.roundTrip(EventChunk(t: [0, 1 << 31], x: [0, 0], y: [0, 0], p: [0, 0]), .dat, sensor: sensor)
        }
    }

    @Test("headers: geometry from format, geometry, Width/Height or the camera plugin; data may start with '%'")
    func headers() throws {
        // The data start with a TIME_HIGH of 0x25 (first byte '%', then 0x00) and a CD_OFF at x 1, y 2, ts 3.
        let data = P.words32([0x8000_0025, 3 << 22 | 1 << 11 | 2])
        func header(_ text: String) throws -> PropheseeReader {
            try PropheseeReader(path: AEDATTestFiles.write(Array(text.utf8) + data, name: "h.raw"), encoding: .evt2)
        }
        #expect(try header("% format EVT2;height=320;width=320\n").sensorSize == SensorSize(width: 320, height: 320))
        #expect(try header("% geometry 1280x720\n").sensorSize == SensorSize(width: 1280, height: 720))
        #expect(try header("% plugin_name hal_plugin_imx636_evk4\n").sensorSize == SensorSize(width: 1280, height: 720))
        #expect(try header("% plugin_name hal_plugin_gen31_fx3\n").sensorSize == SensorSize(width: 640, height: 480))
        #expect(try header("% serial 1\n").sensorSize == PropheseeEncoding.evt2.defaultSensor)
        // '%' then a byte that is not printable is data, with or without a `% end` line before it.
        for text in ["% evt 2.0\n% end\n", "% evt 2.0\n"] {
            let reader = try header(text)
            #expect(reader.header.dataOffset == Int64(text.utf8.count))
            #expect(try reader.readAll() == EventChunk(t: [0x25 << 6 + 3], x: [1], y: [2], p: [0]))
        }
    }

    @Test("detect: .raw by its header's EVT version, .dat, .aedat4")
    func detect() throws {
        let dir = try RepoPaths.temporaryDirectory()
        func file(_ name: String, _ text: String) throws -> String {
            try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/" + name))
            return dir + "/" + name
        }
        #expect(EventFileFormat.detect(path: try file("a.raw", "% evt 3.0\n")) == .evt3)
        #expect(EventFileFormat.detect(path: try file("b.raw", "% format EVT3;height=720;width=1280\n")) == .evt3)
        #expect(EventFileFormat.detect(path: try file("c.RAW", "% evt 2.0\n")) == .evt2)
        #expect(EventFileFormat.detect(path: try file("d.dat", "% Version 2\n")) == .dat)
        #expect(EventFileFormat.detect(path: try file("e.aedat", "#!AER-DAT4.0\r\n")) == .aedat4)
        #expect(EventFileFormat.detect(path: try file("f.aedat4", "")) == .aedat4)
    }
}
