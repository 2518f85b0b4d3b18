/// The time base of Prophesee's EVT 2.0 and EVT 3.0 streams: each TIME_HIGH word carries the high bits of the
/// microsecond clock, and the events that follow add their low bits. The high field wraps; a TIME_HIGH far
/// below the previous one (by at least the field's span less ten steps) counts as one more wrap, as in
/// Prophesee's reference decoders (openeb `standalone_samples`), so smaller glitches are not mistaken for one.
struct PropheseeTimeBase {
    /// Position of the field's lowest bit in the timestamp (EVT 2.0: 6, EVT 3.0: 12).
    let shift: Int
    /// The largest base the field encodes.
    let maxBase: Int64
    /// Whether a TIME_HIGH word has been seen; events before the first one have no time and are dropped.
    private(set) var isSet = false
    /// The current base in microseconds, wraps included.
    private(set) var base: Int64 = 0
    private var wraps: Int64 = 0

    init(bits: Int, shift: Int) {
        self.shift = shift
        maxBase = ((1 << Int64(bits)) - 1) << Int64(shift)
    }

    /// The span of one wrap of the field.
    var loop: Int64 { maxBase + (1 << Int64(shift)) }

    /// Takes a TIME_HIGH field value.
    mutating func update(high: UInt32) {
        var next = Int64(high) << Int64(shift) + wraps * loop
        if isSet && base > next && base - next >= maxBase - (10 << Int64(shift)) {
            next += loop
            wraps += 1
        }
        base = next
        isSet = true
    }
}
