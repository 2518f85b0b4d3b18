import SpikeEvents

/// What the accumulation kernels run: one frame per window, each either a contiguous run of event indices
/// (time-ordered events: no per-event bin arithmetic at all) or, for unordered events, a per-event lookup.
enum BinPlan {
    /// Frame `k` counts the events with indices in `ranges[k]`.
    case ranges([Range<Int>])
    /// Frame `k` counts the events whose position (see `NativeWindows`) is in window `k`.
    case perEvent(PerEventWindows)

    var frameCount: Int {
        switch self {
        case .ranges(let r): r.count
        case .perEvent(let w): w.windows.count
        }
    }
}

/// Windows looked up per event, for events that are not time-ordered.
struct PerEventWindows {
    var windows: NativeWindows
    /// The span; events outside it are skipped.
    var t0: Int64
    var t1: Int64
    /// Position = `t − t0` when true, else the event's rank among the events inside the span.
    var timeBased: Bool
}

extension BinPlan {
    /// The native plan (docs/PIPELINES.md, binning) for `events`, already checked by `scan`.
    static func native(_ binning: FrameBinning, events: EventChunk, scan: EventScan,
                       frameElements: Int) throws(BinningError) -> BinPlan {
        let timeBased: Bool
        switch binning.slicing {
        case .nTimeBins, .timeWindow: timeBased = true
        case .nEventBins, .eventCount: timeBased = false
        }
        let n = events.count
        guard let t0 = binning.start ?? (n > 0 ? scan.minTime : nil),
              let t1 = binning.end ?? (n > 0 ? scan.maxTime : nil), t1 >= t0 else {
            // No span: no events, or every event on the far side of a one-sided start/end.
            var frames = 0
            if case .nTimeBins(let bins) = binning.slicing { frames = bins }
            if case .nEventBins(let bins) = binning.slicing { frames = bins }
            try NativeWindows.checkSize(frames: frames, frameElements: frameElements)
            return .ranges(Array(repeating: 0..<0, count: frames))
        }
        let (delta, o1) = t1.subtractingReportingOverflow(t0)
        let (span, o2) = delta.addingReportingOverflow(1)
        guard !o1, !o2 else {
            throw .invalidParameter(parameter: "start/end", reason: "the span \(t0)...\(t1) µs is longer than 2^63 µs")
        }
        return try events.t.withUnsafeBufferPointer { (t) throws(BinningError) -> BinPlan in
            if scan.firstUnsorted == nil {
                let inside = Self.firstIndex(t, 0..<n) { $0 >= t0 } ..< Self.firstIndex(t, 0..<n) { $0 > t1 }
                if timeBased {
                    let w = try NativeWindows(binning, length: span, frameElements: frameElements)
                    // Positions t − t0 are exact with wrapping arithmetic inside the span (< 2^63).
                    func index(_ pos: Int64) -> Int { Self.firstIndex(t, inside) { $0 &- t0 >= pos } }
                    return .ranges((0..<w.count).map { index(w.starts[$0]) ..< index(w.ends[$0]) })
                }
                let w = try NativeWindows(binning, length: Int64(inside.count), frameElements: frameElements)
                let base = inside.lowerBound
                return .ranges((0..<w.count).map { base + Int(w.starts[$0]) ..< base + Int(w.ends[$0]) })
            }
            if !timeBased && binning.start == nil && binning.end == nil {
                // Ranks are indices when every event is inside the span.
                let w = try NativeWindows(binning, length: Int64(n), frameElements: frameElements)
                return .ranges((0..<w.count).map { Int(w.starts[$0]) ..< Int(w.ends[$0]) })
            }
            let length = timeBased ? span : Int64(t.reduce(0) { $0 + ($1 >= t0 && $1 <= t1 ? 1 : 0) })
            let w = try NativeWindows(binning, length: length, frameElements: frameElements)
            return .perEvent(PerEventWindows(windows: w, t0: t0, t1: t1, timeBased: timeBased))
        }
    }

    /// The first index in `range` whose time satisfies the monotone predicate `isAtOrAfter` (binary search
    /// over time-ordered events), or `range.upperBound`.
    static func firstIndex(_ t: UnsafeBufferPointer<Int64>, _ range: Range<Int>,
                           where isAtOrAfter: (Int64) -> Bool) -> Int {
        var lo = range.lowerBound, hi = range.upperBound
        while lo < hi {
            let mid = (lo + hi) >> 1
            if isAtOrAfter(t[mid]) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
