import SpikeEvents

/// Drops exactly `round(p·N)` events chosen uniformly without replacement (tonic 1.7 `DropEvent` with a fixed
/// p), by selection sampling (Knuth's algorithm S): one pass, O(1) per event, order kept.
public struct DropEvent: RandomTransform {
    public static let name = "dropEvent"
    public static let help = "dropEvent:p=P — drop round(P·N) events chosen uniformly at random (augmentation)"

    public var p: Double

    public init(p: Double) { self.p = p }

    public func validate() throws(TransformError) {
        guard (0...1).contains(p) else { throw invalid("p", "must be in [0, 1], got \(p)") }
    }

    public func apply(_ events: consuming EventChunk, sensor: SensorSize,
                      random: inout TransformRandom) throws(TransformError) -> (EventChunk, SensorSize) {
        try validate()
        let toDrop = UInt64(p * Double(events.count) + 0.5)
        var generator = random
        let out = (consume events).compacted { e, count in
            // Locals, not captures: the generator's state then stays in registers.
            var (g, toDrop) = (generator, toDrop)
            var n = 0
            for i in 0..<count {
                // Drop with probability (drops still needed) / (events left).
                let drop: UInt64 = g.below(UInt64(count &- i)) < toDrop ? 1 : 0
                toDrop &-= drop
                e.move(i, to: n)
                n &+= Int(1 &- drop)
            }
            generator = g
            return n
        }
        random = generator
        return (out, sensor)
    }
}

/// Drops every event in a random time interval of length `ratio·(t_max − t_min)` placed uniformly inside the
/// recording, both ends inclusive (tonic 1.7 `DropEventByTime` measures from t = 0 instead of t_min; we use
/// the recording's own span so a stream that does not start at 0 is treated the same).
public struct DropByTime: RandomTransform {
    public static let name = "dropByTime"
    public static let help = "dropByTime:ratio=R — drop the events of a random interval R·duration long "
        + "(augmentation)"

    public var ratio: Double

    public init(ratio: Double) { self.ratio = ratio }

    public func validate() throws(TransformError) {
        guard ratio >= 0, ratio < 1 else { throw invalid("ratio", "must be in [0, 1), got \(ratio)") }
    }

    public func apply(_ events: consuming EventChunk, sensor: SensorSize,
                      random: inout TransformRandom) throws(TransformError) -> (EventChunk, SensorSize) {
        try validate()
        guard let (lo, hi) = events.timeExtent else { return (events, sensor) }
        let length = Double(hi - lo) * ratio
        let start = Double(lo) + random.uniform() * (Double(hi - lo) - length)
        let end = start + length
        // Times within ±2^53 convert to Double exactly, so `start ≤ Double(t) ≤ end` is the integer test
        // `⌈start⌉ ≤ t ≤ ⌊end⌋`; beyond that, compare as Doubles.
        let exact = 0x1p53
        guard abs(Double(lo)) <= exact, abs(Double(hi)) <= exact else {
            return ((consume events).filtered(byBlockMask: { e, first, count in
                BlockMask.scalar(first, count) { i in !(Double(e.t[i]) >= start && Double(e.t[i]) <= end) }
            }), sensor)
        }
        let (dropFrom, dropTo) = (Int64(start.rounded(.up)), Int64(end.rounded(.down)))
        guard dropFrom <= dropTo else { return (events, sensor) }
        return ((consume events).filtered(times: dropFrom, dropTo, inside: false), sensor)
    }
}

/// Drops every event inside a random box of `⌊W·ratio⌋ × ⌊H·ratio⌋` pixels, its corner uniform over the
/// positions that fit (tonic 1.7 `DropEventByArea`, same box rule). 2-D events only.
public struct DropByArea: RandomTransform {
    public static let name = "dropByArea"
    public static let help = "dropByArea:ratio=R — drop the events inside a random box of R·W × R·H pixels "
        + "(augmentation)"
    public static let accepts: Set<EventKind> = [.camera]

    public var ratio: Double

    public init(ratio: Double) { self.ratio = ratio }

    public func validate() throws(TransformError) {
        guard ratio >= 0, ratio < 1 else { throw invalid("ratio", "must be in [0, 1), got \(ratio)") }
    }

    public func apply(_ events: consuming EventChunk, sensor: SensorSize,
                      random: inout TransformRandom) throws(TransformError) -> (EventChunk, SensorSize) {
        try validate()
        try checkKind(sensor)
        let w = Int(Double(sensor.width) * ratio), h = Int(Double(sensor.height) * ratio)
        let x0 = random.int(in: 0...(sensor.width - w - 1)), y0 = random.int(in: 0...(sensor.height - h - 1))
        return ((consume events).filtered(box: x0, y0, w, h, inside: false), sensor)
    }
}
