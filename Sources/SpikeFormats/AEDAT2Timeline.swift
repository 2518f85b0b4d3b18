/// jAER AEDAT 2.0 time: unsigned 32-bit µs counters that wrap after 71.6 min (FORMATS.md §2).
///
/// The 64-bit time is `wraps · 2³² + raw`, so it is never negative and each wrap moves it forward. A wrap is a fall
/// of the raw value by more than 2³¹; a smaller fall is a step back in the data, kept and counted.
struct AEDAT2Timeline {
    private(set) var backwardSteps = 0
    private var lastRaw: UInt32 = 0
    private var wraps: Int64 = 0

    /// The 64-bit time of the next raw timestamp.
    @inline(__always)
    mutating func time(of raw: UInt32) -> Int64 {
        if raw < lastRaw {
            if lastRaw &- raw > 1 << 31 { wraps &+= 1 } else { backwardSteps &+= 1 }
        }
        lastRaw = raw
        return wraps &<< 32 | Int64(raw)
    }
}
