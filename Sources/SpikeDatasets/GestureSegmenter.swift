import SpikeEvents

/// Cuts one recording into the events of several time windows (`start ≤ t < end`, µs) in a single pass over
/// the reader, however the windows overlap or repeat. A window is handed out as soon as the stream has passed
/// its end (readers deliver time order and count any step back), the rest at the end of the file, so memory
/// holds only the windows still open.
public enum GestureSegmenter {
    /// Calls `emit(windowIndex, events)` exactly once per window.
    public static func segment(_ reader: any EventReader, windows: [GestureWindow], chunkSize: Int = 1 << 16,
                               emit: (Int, EventChunk) throws -> Void) throws {
        var open = Array(windows.indices)
        var pieces = [EventChunk](repeating: EventChunk(), count: windows.count)
        var latest = Int64.min
        while !open.isEmpty, let chunk = try reader.nextChunk(maxEvents: chunkSize) {
            var low = Int64.max, high = Int64.min
            for t in chunk.t {
                low = min(low, t)
                high = max(high, t)
            }
            latest = max(latest, high)
            for w in open where windows[w].start <= high && windows[w].end > low {
                append(chunk, in: windows[w], to: &pieces[w])
            }
            var stillOpen: [Int] = []
            for w in open {
                if windows[w].end <= latest {
                    try emit(w, pieces[w])
                    pieces[w] = EventChunk()
                } else {
                    stillOpen.append(w)
                }
            }
            open = stillOpen
        }
        for w in open { try emit(w, pieces[w]) }
    }

    /// The events of every window, in `windows` order.
    public static func segment(_ reader: any EventReader, windows: [GestureWindow],
                               chunkSize: Int = 1 << 16) throws -> [EventChunk] {
        var result = [EventChunk](repeating: EventChunk(), count: windows.count)
        try segment(reader, windows: windows, chunkSize: chunkSize) { result[$0] = $1 }
        return result
    }

    private static func append(_ chunk: EventChunk, in window: GestureWindow, to piece: inout EventChunk) {
        let (start, end) = (window.start, window.end)
        chunk.t.withUnsafeBufferPointer { t in
            for i in 0..<t.count where t[i] >= start && t[i] < end {
                piece.append(t: t[i], x: chunk.x[i], y: chunk.y[i], p: chunk.p[i])
            }
        }
    }
}
