import SpikeEvents

/// One closed window: its index in the sample, its span `[start, end)` µs and its events.
public struct ClosedWindow: Sendable {
    public var index: Int
    public var start: Int64
    public var end: Int64
    public var events: EventChunk
}

/// Cuts a sample's events into consecutive windows of `width` µs as they arrive, with the semantics of
/// `FrameBinning(.timeWindow(width), start:, end:)`: window k covers `[t0 + k·w, t0 + (k+1)·w)`, t0 = `start` or the
/// first event; events outside `[start, end]` are ignored. A window closes when an event at or past its end
/// arrives (the empty windows it jumps over close with it) or when the sample ends; with `end` set, the sample
/// end also closes the empty windows up to `end`. An event older than the open window (out of time order)
/// belongs to a window already closed: it is dropped and counted in `lateEvents`.
struct StreamWindower {
    let width: Int64
    let start: Int64?
    let end: Int64?
    /// Most events one window may hold.
    let maxEvents: Int
    /// Most empty windows one timestamp jump may close.
    let maxGapWindows: Int
    private var windowStart: Int64?
    private var open = EventChunk()
    private(set) var index = 0
    private(set) var lateEvents = 0

    init(width: Int64, start: Int64?, end: Int64?, maxEvents: Int, maxGapWindows: Int) {
        self.width = width
        self.start = start
        self.end = end
        self.maxEvents = maxEvents
        self.maxGapWindows = maxGapWindows
    }

    /// Adds events in arrival order; returns the windows they close, in order.
    mutating func add(_ events: EventChunk) throws(StreamError) -> [ClosedWindow] {
        var closed: [ClosedWindow] = []
        var runStart = 0
        var i = 0
        let n = events.count
        while i < n {
            let t = events.t[i]
            if let start, t < start { try skip(events, &runStart, i); i += 1; continue }
            if let end, t > end { try skip(events, &runStart, i); i += 1; continue }
            guard let ws = windowStart else {
                windowStart = start ?? t
                continue
            }
            if t < ws {
                try flushRun(events, runStart..<i)
                lateEvents += 1
                runStart = i + 1
            } else if t - ws >= width {
                try flushRun(events, runStart..<i)
                runStart = i
                try closeThrough(t, into: &closed)
                continue
            }
            i += 1
        }
        try flushRun(events, runStart..<n)
        return closed
    }

    /// The sample ends: closes the open window and, with `end` set, the empty windows up to the one holding `end`.
    mutating func finish() throws(StreamError) -> [ClosedWindow] {
        if windowStart == nil, let start, end != nil { windowStart = start }
        guard let ws = windowStart else { return [] }
        var closed: [ClosedWindow] = []
        try closeThrough(max(end ?? ws, ws), into: &closed)
        close(windowStart ?? ws, into: &closed)
        return closed
    }

    /// Back to an empty sample.
    mutating func reset() {
        windowStart = nil
        open.removeAll()
        index = 0
        lateEvents = 0
    }

    /// Closes the open window and the empty ones after it until the window holding `t` is open.
    private mutating func closeThrough(_ t: Int64, into closed: inout [ClosedWindow]) throws(StreamError) {
        guard let ws = windowStart else { return }
        let windows = (t - ws) / width
        guard windows <= Int64(maxGapWindows) else {
            throw .timeJump(from: ws, to: t, windows: windows, limit: maxGapWindows)
        }
        for k in 0..<windows { close(ws + k * width, into: &closed) }
    }

    private mutating func close(_ ws: Int64, into closed: inout [ClosedWindow]) {
        closed.append(ClosedWindow(index: index, start: ws, end: ws + width, events: open))
        open = EventChunk()
        index += 1
        windowStart = ws + width
    }

    /// Events `range` of `events` join the open window.
    private mutating func flushRun(_ events: EventChunk, _ range: Range<Int>) throws(StreamError) {
        guard !range.isEmpty else { return }
        guard open.count + range.count <= maxEvents else { throw .windowOverflow(window: index, limit: maxEvents) }
        if range.count == events.count && open.isEmpty { open = events } else { open.append(contentsOf: events.slice(range)) }
    }

    private mutating func skip(_ events: EventChunk, _ runStart: inout Int, _ i: Int) throws(StreamError) {
        try flushRun(events, runStart..<i)
        runStart = i + 1
    }
}
