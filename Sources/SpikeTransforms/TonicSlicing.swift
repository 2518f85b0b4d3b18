import SpikeEvents

/// `compat: .tonic`: the frames of tonic 1.7.0 `tonic.transforms.ToFrame(sensor_size, time_window=…,
/// event_count=…, n_time_bins=…, n_event_bins=…, overlap=…, include_incomplete=…, start_time=…, end_time=…)`,
/// re-derived from its documented behaviour and checked against fixtures made by tonic itself
/// (`scripts/make_tonic_frame_fixtures.py`). `include_incomplete` is `!dropIncomplete`, so tonic's default
/// (`include_incomplete=False`) is `dropIncomplete: true`.
///
/// Every difference from `.native`:
/// - `nTimeBins(T)`: tonic's window is `(t_last − t_first) // T` µs (floored, no `+1`), windows are half-open
///   `[start, start + window)`, so the last event (and anything past `t_first + T·window`) is always dropped,
///   and when `t_last − t_first < T` every frame is empty. Native counts every event (`D = t1 − t0 + 1`).
/// - Overlap `o` in the `n…Bins` modes: tonic stretches the window to `window·(1 + o)` but steps by
///   `window·(1 + o)·(1 − o)`, in `Double` arithmetic (reproduced operation by operation); native steps by one
///   bin exactly. For `nEventBins`, tonic's counts are `Int(N // T · (1 + o))` per window and
///   `Int(count · (1 − o))` per step, so up to `N mod T` trailing events are dropped; native counts every one.
/// - `timeWindow`: tonic's duration is `t_last − t_first` (no `+1`) and windows come from
///   `ceil`/`floor((duration − window) / stride) + 1`, at least 1. A window ending exactly one µs after the
///   last event is therefore "incomplete" in tonic but complete natively.
/// - `eventCount(c)`: with fewer than `c` events tonic returns one frame of all events even when dropping
///   incomplete frames; native returns none.
/// - Time slicing uses the first and last events (tonic's `t[0]`, `t[-1]`) and binary search, so it needs
///   time-ordered events (`unsortedForTonic` otherwise); native takes the min/max and accepts any order.
///   Event-count slicing never looks at time, in either mode.
/// - `start`/`end` exist only for `timeWindow` in tonic (refused with other modes, which tonic would ignore).
/// - Counts are tonic's `int16`, which wraps past 32767: `uint16` holds exactly those bits (read them as
///   `Int16(bitPattern:)`), `float32` holds the `int16` value; `uint8` is refused. Native saturates.
/// - Polarity: with a 2-polarity sensor the channel is `p`; with a 1-polarity sensor tonic puts every event in
///   channel 0 when all events share one polarity (either one) and refuses mixed polarities
///   (`mixedPolaritiesForTonic`). There is no `mergePolarities` (refused).
/// - Empty input: tonic returns `float64` zeros shaped `[1 or T, P, W, H]` (width and height swapped); we
///   return zeros of the chosen dtype shaped `[1 or T, P, H, W]` (the same values; the shapes differ only for
///   non-square sensors) so that every sample of a dataset has one layout.
/// - Out-of-range events: tonic raises only for events that land in a frame; we reject every one, like native.
enum TonicSlicing {
    /// Event index ranges, one per frame, exactly as tonic's slicers compute them (then clipped to the
    /// chunk, as Python slicing does).
    static func ranges(_ b: FrameBinning, events: EventChunk, scan: EventScan,
                       frameElements: Int) throws(BinningError) -> [Range<Int>] {
        let n = events.count
        if n == 0 {
            let frames: Int = switch b.slicing {
            case .nTimeBins(let bins), .nEventBins(let bins): bins
            case .timeWindow, .eventCount: 1
            }
            try NativeWindows.checkSize(frames: frames, frameElements: frameElements)
            return Array(repeating: 0..<0, count: frames)
        }
        switch b.slicing {
        case .nTimeBins(let bins):
            try NativeWindows.checkSize(frames: bins, frameElements: frameElements)
            if let i = scan.firstUnsorted {
                throw .unsortedForTonic(index: i, time: events.t[i], previous: events.t[i - 1])
            }
        case .timeWindow:
            if let i = scan.firstUnsorted {
                throw .unsortedForTonic(index: i, time: events.t[i], previous: events.t[i - 1])
            }
        case .nEventBins(let bins): try NativeWindows.checkSize(frames: bins, frameElements: frameElements)
        case .eventCount: break
        }
        let bounds: [(Double, Double)] = switch b.slicing {
        case .nTimeBins(let bins): timeBins(bins, overlap: b.overlap, t: events.t)
        case .timeWindow(let w): try timeWindows(w, b, t: events.t, frameElements: frameElements)
        case .nEventBins(let bins): eventBins(bins, overlap: b.overlap, n: n)
        case .eventCount(let c): try eventCounts(c, b, n: n, frameElements: frameElements)
        }
        switch b.slicing {
        case .nTimeBins, .timeWindow:
            // numpy.searchsorted(t, keys) compares in float64 (int64 times meet float64 keys).
            return events.t.withUnsafeBufferPointer { t in
                bounds.map { lo, hi in
                    BinPlan.firstIndex(t, 0..<n) { Double($0) >= lo } ..< BinPlan.firstIndex(t, 0..<n) { Double($0) >= hi }
                }
            }
        case .nEventBins, .eventCount:
            return bounds.map { lo, hi in
                let start = min(Int(lo), n)
                return start ..< max(start, min(Int(hi), n))
            }
        }
    }

    /// SliceByTimeBins: `window = (t[-1] − t[0]) // T · (1 + o)`, `stride = window · (1 − o)`,
    /// window k = `[k·stride + t[0], … + window)`.
    private static func timeBins(_ bins: Int, overlap o: Double, t: [Int64]) -> [(Double, Double)] {
        let window = Double(floorDiv(t[t.count - 1] &- t[0], Int64(bins))) * (1 + o)
        let stride = window * (1 - o)
        return (0..<bins).map { k in
            let start = Double(k) * stride + Double(t[0])
            return (start, start + window)
        }
    }

    /// SliceByTime: `n = max(1, ceil|floor((duration − w) / stride) + 1)` windows from `start_time`.
    private static func timeWindows(_ w: Int64, _ b: FrameBinning, t: [Int64],
                                    frameElements: Int) throws(BinningError) -> [(Double, Double)] {
        let stride = w - Int64(b.overlap)
        let start = b.start ?? t[0]
        // int64 arithmetic wraps in numpy; wrapping here too keeps absurd spans from trapping.
        let duration = (b.end ?? t[t.count - 1]) &- start
        let ratio = Double(duration &- w) / Double(stride)
        let count = max(1, sliceCount(ratio, includeIncomplete: !b.dropIncomplete))
        try NativeWindows.checkSize(frames: count, frameElements: frameElements)
        return (0..<Int64(count)).map { k in
            let lo = k &* stride &+ start
            return (Double(lo), Double(lo &+ w))
        }
    }

    /// SliceByEventBins: `count = Int(N // T · (1 + o))`, `stride = Int(count · (1 − o))`.
    private static func eventBins(_ bins: Int, overlap o: Double, n: Int) -> [(Double, Double)] {
        let count = (Double(n / bins) * (1 + o)).rounded(.towardZero)
        let stride = (count * (1 - o)).rounded(.towardZero)
        return (0..<bins).map { k in (Double(k) * stride, Double(k) * stride + count) }
    }

    /// SliceByEventCount: `count = min(c, N)`, `stride = c − overlap`,
    /// `ceil|floor((N − count) / stride) + 1` slices (never fewer than one).
    private static func eventCounts(_ c: Int, _ b: FrameBinning, n: Int,
                                    frameElements: Int) throws(BinningError) -> [(Double, Double)] {
        let count = min(c, n)
        let stride = c - Int(b.overlap)
        let slices = sliceCount(Double(n - count) / Double(stride), includeIncomplete: !b.dropIncomplete)
        try NativeWindows.checkSize(frames: slices, frameElements: frameElements)
        return (0..<slices).map { k in (Double(k * stride), Double(k * stride + count)) }
    }

    /// Python's `//` (rounds toward −∞).
    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    private static func sliceCount(_ ratio: Double, includeIncomplete: Bool) -> Int {
        let count = (includeIncomplete ? ratio.rounded(.up) : ratio.rounded(.down)) + 1
        return count < 0x1p62 ? Int(count) : 1 << 62  // absurd counts fail the size check, not the conversion
    }
}
