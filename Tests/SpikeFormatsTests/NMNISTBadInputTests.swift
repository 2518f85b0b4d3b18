import Foundation
import SpikeEvents
import SpikeFormats
import SpikeTestSupport
import Testing

/// A corpus of malformed N-MNIST files, made here byte by byte: each must give a typed error that names the
/// file and offset, and never crash.
@Suite("N-MNIST reader on malformed files")
struct NMNISTBadInputTests {
    static func write(_ bytes: [UInt8], name: String = "bad.bin") throws -> String {
        let path = try RepoPaths.temporaryDirectory() + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func record(x: UInt8, y: UInt8, p: UInt8, t: UInt32) -> [UInt8] {
        [x, y, p << 7 | UInt8(t >> 16), UInt8(truncatingIfNeeded: t >> 8), UInt8(truncatingIfNeeded: t)]
    }

    @Test("a size that is not a multiple of 5 names the incomplete record", arguments: [1, 2, 3, 4])
    func truncated(extra: Int) throws {
        let bytes = Self.record(x: 1, y: 2, p: 1, t: 10) + Self.record(x: 3, y: 4, p: 0, t: 20)
            + Array(repeating: 7, count: extra)
        let path = try Self.write(bytes)
        #expect(throws: EventFileError.truncatedRecord(path: path, offset: 10, recordSize: 5, bytesLeft: extra)) {
            _ = try NMNISTReader(path: path)
        }
    }

    @Test("an empty file is a typed error")
    func empty() throws {
        let path = try Self.write([])
        #expect(throws: EventFileError.emptyFile(path: path)) { _ = try NMNISTReader(path: path) }
    }

    @Test("a missing file or a directory cannot be opened")
    func missing() throws {
        let dir = try RepoPaths.temporaryDirectory()
        #expect(throws: EventFileError.self) { _ = try NMNISTReader(path: dir + "/nope.bin") }
        #expect(throws: EventFileError.cannotOpen(path: dir, reason: "it is a directory")) {
            _ = try NMNISTReader(path: dir)
        }
    }

    @Test("a huge sparse file of the wrong size fails at open without reading it")
    func hugeSparse() throws {
        let path = try Self.write([])
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 5 * (1 << 32) + 3)  // 20 GiB + 3 bytes, no blocks allocated
        try handle.close()
        #expect(throws: EventFileError.truncatedRecord(path: path, offset: 5 * (1 << 32), recordSize: 5, bytesLeft: 3)) {
            _ = try NMNISTReader(path: path)
        }
    }

    @Test("an out-of-sensor record names its byte offset, also across chunk boundaries")
    func outOfRange() throws {
        var bytes: [UInt8] = []
        for i in 0..<10 { bytes += Self.record(x: UInt8(i), y: 1, p: 0, t: UInt32(i)) }
        bytes += Self.record(x: 34, y: 0, p: 1, t: 99)
        let path = try Self.write(bytes)
        let reader = try NMNISTReader(path: path, blockRecords: 4)
        var seen = 0
        #expect(throws: EventFileError.self) {
            while let chunk = try reader.nextChunk(maxEvents: 4) { seen += chunk.count }
        }
        #expect(seen == 8)
        do {
            _ = try NMNISTReader(path: path).readAll()
            Issue.record("expected an error")
        } catch let error as EventFileError {
            guard case .malformed(let p, let offset, _) = error else { Issue.record("wrong case \(error)"); return }
            #expect(p == path && offset == 50)
            #expect(error.description.contains("byte offset 50"))
        }
    }

    @Test("random bytes give a typed error or valid in-range events, never a crash", arguments: 0..<64)
    func randomBytes(seed: Int) throws {
        var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1
        let length = Int(state % 3000)
        let bytes = (0..<length).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
        let path = try Self.write(bytes)
        do {
            let events = try NMNISTReader(path: path).readAll()
            #expect(events.x.allSatisfy { $0 < 34 } && events.y.allSatisfy { $0 < 34 })
        } catch is EventFileError {
            // The typed error is the expected outcome for most random inputs.
        }
    }

    @Test("overflow markers add 8192 µs to later events and are dropped")
    func overflowMarkers() throws {
        let bytes = Self.record(x: 1, y: 1, p: 1, t: 8_000_000) + Self.record(x: 0, y: 240, p: 0, t: 0)
            + Self.record(x: 2, y: 3, p: 0, t: 5) + Self.record(x: 0, y: 240, p: 0, t: 0)
            + Self.record(x: 4, y: 5, p: 1, t: 6)
        let reader = try NMNISTReader(path: try Self.write(bytes))
        let events = try reader.readAll()
        #expect(events.t == [8_000_000, 8197, 16_390])
        #expect(events.x == [1, 2, 4] && events.y == [1, 3, 5] && events.p == [1, 0, 1])
        #expect(reader.overflowMarkers == 2)
        #expect(reader.backwardSteps == 1)
    }

    @Test("the writer encodes long timelines with overflow markers and the reader restores them")
    func writerOverflowRoundTrip() throws {
        let times: [Int64] = [0, 100, 8_388_607, 8_388_608, 20_000_000, 20_000_000, 100_000_000]
        let events = EventChunk(t: times, x: times.map { _ in 3 }, y: times.map { _ in 4 },
                                p: times.indices.map { UInt8($0 % 2) })
        let path = try RepoPaths.temporaryDirectory() + "/long.bin"
        let writer = try NMNISTWriter(path: path)
        try writer.write(events)
        try writer.close()
        let reader = try NMNISTReader(path: path)
        #expect(try reader.readAll() == events)
        #expect(reader.overflowMarkers > 0 && reader.backwardSteps == 0)
    }

    @Test("the writer refuses events it cannot encode")
    func writerRefuses() throws {
        let path = try RepoPaths.temporaryDirectory() + "/w.bin"
        let writer = try NMNISTWriter(path: path)
        #expect(throws: EventFileError.self) { try writer.write(EventChunk(t: [0], x: [1], y: [240], p: [0])) }
        #expect(throws: EventFileError.self) { try writer.write(EventChunk(t: [5, 4], x: [1, 1], y: [1, 1], p: [0, 0])) }
        #expect(throws: EventFileError.self) { try writer.write(EventChunk(t: [0], x: [300], y: [1], p: [0])) }
    }
}
