import Foundation
import SpikeEvents
import SpikeTransforms

/// Events as `[t, x, y, p]` rows, for readable expectations.
func rows(_ c: EventChunk) -> [[Int64]] {
    (0..<c.count).map { [c.t[$0], Int64(c.x[$0]), Int64(c.y[$0]), Int64(c.p[$0])] }
}

/// Applies a deterministic transform and returns the rows and the new sensor.
func run(_ transform: some DeterministicTransform, _ events: EventChunk,
         sensor: SensorSize) throws -> ([[Int64]], SensorSize) {
    let (out, size) = try transform.apply(events, sensor: sensor)
    return (rows(out), size)
}

/// The digest the fixture script writes: count, column sums and FNV-1a 64 over t, x, y, p of every event.
struct EventDigest: Codable, Equatable {
    let count: Int
    let sum_t: Int64
    let sum_x: Int64
    let sum_y: Int64
    let sum_p: Int64
    let fnv: String

    init(_ c: EventChunk) {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for i in 0..<c.count {
            for v in [UInt64(bitPattern: c.t[i]), UInt64(c.x[i]), UInt64(c.y[i]), UInt64(c.p[i])] {
                h = (h ^ v) &* 0x100_0000_01B3
            }
        }
        count = c.count
        sum_t = c.t.reduce(0, +)
        sum_x = c.x.reduce(0) { $0 + Int64($1) }
        sum_y = c.y.reduce(0) { $0 + Int64($1) }
        sum_p = c.p.reduce(0) { $0 + Int64($1) }
        let hex = String(h, radix: 16)
        fnv = String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// A minimal MNIST-DVS (AEDAT 2.0, DVS128 addresses) decoder for the tonic cross-check, in SpikeStream's
/// convention x = 127 − raw_x, y = 127 − raw_y, p = 1 − raw_p (FORMATS.md §2). For the lead: replace with the
/// SpikeFormats AEDAT 2.0 reader once it lands (the fixture's input digest checks both decode alike).
func readMNISTDVSForTest(_ path: String) throws -> EventChunk {
    let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    var offset = 0
    while offset < data.count, data[offset] == UInt8(ascii: "#") {
        offset = (data[offset...].firstIndex(of: UInt8(ascii: "\n")) ?? data.count - 1) + 1
    }
    var events = EventChunk()
    func word(_ at: Int) -> UInt32 { data[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) } }
    while offset + 8 <= data.count {
        let address = word(offset), t = word(offset + 4)
        offset += 8
        guard address & 0x8000_8000 == 0 else { continue }
        events.append(t: Int64(t), x: UInt16(127 - (address & 0xFE) >> 1), y: UInt16(127 - (address & 0x7F00) >> 8),
                      p: UInt8(1 - address & 1))
    }
    return events
}
