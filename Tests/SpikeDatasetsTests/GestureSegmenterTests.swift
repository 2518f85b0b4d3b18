import Foundation
import SpikeDatasets
import SpikeEvents
import SpikeFormats
import SpikeTestSupport
import Testing

@Suite("Gesture segmentation of an AEDAT 3.1 recording")
struct GestureSegmenterTests {
    /// A recording with one event every 1000 µs from t0 on: event k at t0 + 1000·k, x = k % 128,
    /// y = (k / 128) % 128, p = k % 2.
    static func recording(t0: Int64, count: Int) throws -> String {
        var events = EventChunk(capacity: count)
        for k in 0..<count {
            events.append(t: t0 + Int64(k) * 1000, x: UInt16(k % 128), y: UInt16(k / 128 % 128), p: UInt8(k % 2))
        }
        let path = try RepoPaths.temporaryDirectory("gesture") + "/user01_natural.aedat"
        let writer = try AEDAT31Writer(path: path)
        try writer.writePolarity(events, packetEvents: 4096)
        try writer.close(sync: false)
        return path
    }

    /// Events of the recording above inside [start, end): indices ⌈(start − t0)/1000⌉ ..< ⌈(end − t0)/1000⌉.
    static func expectedRange(_ w: GestureWindow, t0: Int64) -> Range<Int> {
        func ceilDiv(_ a: Int64) -> Int { Int((a + 999) / 1000) }
        return ceilDiv(w.start - t0)..<ceilDiv(w.end - t0)
    }

    @Test("the real user01_natural windows cut a generated recording exactly",
          .enabled(if: SharedSamples.available, SharedSamples.skipReason))
    func realWindows() throws {
        let t0: Int64 = 50_000_000
        let path = try Self.recording(t0: t0, count: 130_000)
        let windows = try GestureLabels.read(path: SharedSamples.path("dvsgesture/user01_natural_labels.csv"))
        let segments = try GestureSegmenter.segment(AEDAT31Reader(path: path), windows: windows, chunkSize: 5000)
        #expect(segments.count == 12)
        // First row 53 036 986 … 59 508 469: k = 3037 … 9508, by hand 6472 events.
        #expect(segments[0].count == 6472 && segments[0].t.first == 53_037_000 && segments[0].t.last == 59_508_000)
        for (w, segment) in zip(windows, segments) {
            let range = Self.expectedRange(w, t0: t0)
            #expect(segment.count == range.count)
            #expect(segment.t == range.map { t0 + Int64($0) * 1000 })
            #expect(segment.x == range.map { UInt16($0 % 128) })
        }
    }

    @Test("overlapping, repeated and out-of-recording windows in one pass")
    func overlapAndRepeats() throws {
        let path = try Self.recording(t0: 0, count: 200)
        let windows = [GestureWindow(classID: 1, start: 0, end: 100_000), GestureWindow(classID: 9, start: 50_000, end: 150_000),
                       GestureWindow(classID: 9, start: 50_000, end: 150_000), GestureWindow(classID: 2, start: 10_000, end: 10_500),
                       GestureWindow(classID: 3, start: 500_000, end: 600_000)]
        let reader = CountingReader(try AEDAT31Reader(path: path))
        var emitted: [Int] = []
        var segments = [EventChunk](repeating: EventChunk(), count: windows.count)
        try GestureSegmenter.segment(reader, windows: windows, chunkSize: 16) { index, events in
            emitted.append(index)
            segments[index] = events
        }
        #expect(segments.map(\.count) == [100, 100, 100, 1, 0])
        #expect(segments[1] == segments[2] && segments[3].t == [10_000])
        #expect(segments[0].t.last == 99_000 && segments[1].t.first == 50_000)
        #expect(emitted.sorted() == [0, 1, 2, 3, 4])
        // 200 events in chunks of 16 = 13 chunks, plus the one call that returned nil: the file is read once.
        #expect(reader.calls == 14)
    }
}

/// Counts `nextChunk` calls of the wrapped reader.
final class CountingReader: EventReader {
    let inner: any EventReader
    private(set) var calls = 0
    init(_ inner: any EventReader) { self.inner = inner }
    var path: String { inner.path }
    var sensorSize: SensorSize { inner.sensorSize }
    func nextChunk(maxEvents: Int) throws -> EventChunk? {
        calls += 1
        return try inner.nextChunk(maxEvents: maxEvents)
    }
}
