import Foundation
import SpikeEvents
import SpikeFormats
import SpikeTestSupport

/// Helpers shared by the streaming tests.
enum StreamTestSupport {
    static func bytes(_ path: String) throws -> [UInt8] { try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) }

    /// Pushes `bytes` in pieces of 1…`maxPiece` bytes (sizes from `seed`), then finishes; all events in order.
    static func pushInPieces(_ bytes: [UInt8], into decoder: inout some EventStreamDecoder, seed: UInt64,
                             maxPiece: Int = 700) throws -> EventChunk {
        var random = SplitMix64(seed: seed)
        var events = EventChunk()
        var at = 0
        while at < bytes.count {
            let n = min(1 + random.index(below: maxPiece), bytes.count - at)
            events.append(contentsOf: try decoder.push(Array(bytes[at..<(at + n)])))
            at += n
        }
        events.append(contentsOf: try decoder.finish())
        return events
    }

    /// A temporary file path.
    static func temporaryFile(_ name: String) throws -> String {
        try RepoPaths.temporaryDirectory("stream-test") + "/" + name
    }

    /// Deterministic events on `sensor` over `duration` µs, time-ordered.
    static func events(count: Int, sensor: SensorSize, duration: Int64, seed: UInt64) -> EventChunk {
        var random = SplitMix64(seed: seed)
        let times = (0..<count).map { _ in Int64(random.index(below: Int(duration))) }.sorted()
        var events = EventChunk(capacity: count)
        for t in times {
            events.append(t: t, x: UInt16(random.index(below: sensor.width)), y: UInt16(random.index(below: sensor.height)),
                          p: UInt8(random.index(below: 2)))
        }
        return events
    }

    /// An N-MNIST file holding `events` (the writer adds overflow markers past 2²³ µs).
    static func nmnistFile(_ events: EventChunk) throws -> String {
        let path = try temporaryFile("sample.bin")
        let writer = try NMNISTWriter(path: path)
        try writer.write(events)
        try writer.close()
        return path
    }
}
