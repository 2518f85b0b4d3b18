/// The native windows of one call, in position units: µs since `t0` for the time modes, rank among the
/// events inside the span for the event modes. Window `k` covers positions `starts[k] ..< ends[k]`; both
/// arrays are non-decreasing, so the windows covering one position are consecutive.
struct NativeWindows {
    var starts: [Int64]
    var ends: [Int64]

    var count: Int { starts.count }

    /// Windows over `length` positions (`D` µs or `N` events). `frameElements` bounds the frame count.
    init(_ binning: FrameBinning, length: Int64, frameElements: Int) throws(BinningError) {
        switch binning.slicing {
        case .nTimeBins(let bins), .nEventBins(let bins):
            try Self.checkSize(frames: bins, frameElements: frameElements)
            // Window k: k·L ≤ pos·T < (k+1)·L + ⌈o·L⌉  ⇔  ⌈k·L/T⌉ ≤ pos < ⌈((k+1)·L + ⌈o·L⌉)/T⌉.
            let t = Int64(bins)
            let extra = WindowMath.ceilProduct(binning.overlap, length)
            starts = (0..<t).map { WindowMath.ceilMulDiv($0, length, plus: 0, over: t, limit: length) }
            ends = (0..<t).map { WindowMath.ceilMulDiv($0 + 1, length, plus: extra, over: t, limit: length) }
        case .timeWindow(let w):
            (starts, ends) = try Self.fixed(length: length, window: w, binning, frameElements: frameElements)
        case .eventCount(let c):
            (starts, ends) = try Self.fixed(length: length, window: Int64(c), binning, frameElements: frameElements)
        }
    }

    /// Fixed-length windows every `stride = window − overlap`; the last one may reach past `length`.
    private static func fixed(length: Int64, window: Int64, _ binning: FrameBinning,
                              frameElements: Int) throws(BinningError) -> ([Int64], [Int64]) {
        let stride = window - Int64(binning.overlap)
        let count: Int64
        if binning.dropIncomplete {
            count = length >= window ? (length - window) / stride + 1 : 0
        } else if length <= window {
            count = length > 0 ? 1 : 0
        } else {
            count = WindowMath.ceilDiv(length - window, stride) + 1
        }
        try checkSize(frames: Int(count), frameElements: frameElements)
        let starts = (0..<count).map { $0 * stride }
        return (starts, starts.map { min($0 + window, length) })
    }

    static func checkSize(frames: Int, frameElements: Int) throws(BinningError) {
        let (total, overflow) = frames.multipliedReportingOverflow(by: frameElements)
        guard !overflow, total <= FrameBinning.maxElements else {
            throw .tooLarge(frames: frames, elementsPerFrame: frameElements)
        }
    }

    /// The windows covering `pos`, as a range of window indices (empty when none does).
    @inline(__always)
    func covering(_ pos: Int64) -> Range<Int> {
        // Last window starting at or before pos, by binary search.
        var lo = 0, hi = starts.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if starts[mid] <= pos { lo = mid + 1 } else { hi = mid }
        }
        var first = lo
        while first > 0, ends[first - 1] > pos { first -= 1 }
        return first..<lo
    }
}
