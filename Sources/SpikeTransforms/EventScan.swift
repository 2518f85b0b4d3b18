import SpikeEvents

/// One pass over a chunk before binning: every event must fit the sensor, and we learn whether the events
/// are time-ordered (which allows the fast range kernel) and their time extent.
struct EventScan {
    /// Index of the first event earlier than its predecessor, or `nil` when time-ordered.
    var firstUnsorted: Int?
    var minTime: Int64
    var maxTime: Int64

    /// `checkPolarity: false` skips the `p < polarities` check (tonic folds any one polarity into channel 0).
    init(_ events: EventChunk, sensor: SensorSize, checkPolarity: Bool = true) throws(BinningError) {
        let n = events.count
        let polarityLimit = checkPolarity ? sensor.polarities : Int(UInt8.max) + 1
        // Branch-free maxima vectorise; the slow search for the culprit runs only when one is out of range.
        let maxX = events.x.withUnsafeBufferPointer { Self.maximum($0) }
        let maxY = events.y.withUnsafeBufferPointer { Self.maximum($0) }
        let maxP = events.p.withUnsafeBufferPointer { Self.maximum($0) }
        if n > 0, Int(maxX) >= sensor.width || Int(maxY) >= sensor.height || Int(maxP) >= polarityLimit {
            let bad = (0..<n).first {
                Int(events.x[$0]) >= sensor.width || Int(events.y[$0]) >= sensor.height
                    || Int(events.p[$0]) >= polarityLimit
            }!
            throw .eventOutOfRange(index: bad, event: events[bad], sensor: sensor)
        }
        firstUnsorted = events.t.withUnsafeBufferPointer { Self.firstDescent($0) }
        if firstUnsorted == nil {
            minTime = events.t.first ?? 0
            maxTime = events.t.last ?? 0
        } else {
            minTime = events.t.min()!
            maxTime = events.t.max()!
        }
    }

    private static func maximum<T: FixedWidthInteger & UnsignedInteger>(_ a: UnsafeBufferPointer<T>) -> T {
        var m: T = 0
        for v in a { m = max(m, v) }
        return m
    }

    /// The first `i` with `t[i] < t[i − 1]`. Checks blocks branch-free, then searches the failing block.
    private static func firstDescent(_ t: UnsafeBufferPointer<Int64>) -> Int? {
        guard t.count > 1 else { return nil }
        let block = 4096
        var lo = 1
        while lo < t.count {
            let hi = min(lo + block, t.count)
            var descents = 0
            for i in lo..<hi { descents &+= t[i] < t[i &- 1] ? 1 : 0 }
            if descents > 0 { return (lo..<hi).first { t[$0] < t[$0 - 1] } }
            lo = hi
        }
        return nil
    }
}
