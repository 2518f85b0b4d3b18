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
        var toDrop = UInt64(p * Double(events.count) + 0.5)
        let out = (consume events).filtered { e, i in
            // Drop with probability (drops still needed) / (events left).
            let drop = random.below(UInt64(e.count - i)) < toDrop
            toDrop &-= drop ? 1 : 0
            return !drop
        }
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
        guard let lo = events.t.min(), let hi = events.t.max() else { return (events, sensor) }
        let length = Double(hi - lo) * ratio
        let start = Double(lo) + random.uniform() * (Double(hi - lo) - length)
        let end = start + length
        return ((consume events).filtered { e, i in !(Double(e.t[i]) >= start && Double(e.t[i]) <= end) }, sensor)
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
        let x0 = UInt(random.int(in: 0...(sensor.width - w - 1))), y0 = UInt(random.int(in: 0...(sensor.height - h - 1)))
        let (uw, uh) = (UInt(w), UInt(h))
        let out = (consume events).filtered { e, i in !(UInt(e.x[i]) &- x0 < uw && UInt(e.y[i]) &- y0 < uh) }
        return (out, sensor)
    }
}
