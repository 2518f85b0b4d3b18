import SpikeEvents

/// Per-pixel refractory period: an event is kept only if `t − t_last > period`, where `t_last` is the time of
/// the previous event at the same (x, y) — kept or dropped, so a pixel firing faster than `period` stays silent
/// (tonic 1.7's rule). Polarity is ignored. O(1) per event, one last-time map per recording (the `State`, so
/// chunk by chunk equals all at once). Works on 2-D camera events and on 1-D audio channels (one "pixel" per
/// channel).
///
/// `compat: .tonic` (default) matches tonic 1.7 `RefractoryPeriod` bit for bit, including its start-up rule:
/// every pixel's last time starts at −period, so a pixel's first event is kept only if t > 0 (an event at t = 0
/// is always dropped). `compat: .native` keeps the first event of every pixel, whatever its time.
public struct RefractoryPeriod: StatefulTransform {
    public static let name = "refractory"
    public static let help = "refractory:period=µs[,compat=tonic|native] — drop an event less than or exactly "
        + "period µs after the previous event at its pixel"

    public var period: Int64
    public var compat: FrameBinning.Compat

    public init(period: Int64, compat: FrameBinning.Compat = .tonic) {
        self.period = period
        self.compat = compat
    }

    /// Omitted parameters take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(period: try c.decode(Int64.self, forKey: .period),
                  compat: try c.decodeIfPresent(FrameBinning.Compat.self, forKey: .compat) ?? .tonic)
    }

    public func validate() throws(TransformError) {
        guard period >= 0 else { throw invalid("period", "must be 0 or more µs, got \(period)") }
    }

    public func apply(_ events: consuming EventChunk, sensor: SensorSize) throws(TransformError) -> (EventChunk, SensorSize) {
        var state = makeState(sensor: sensor)
        return try apply(consume events, sensor: sensor, state: &state)
    }

    /// Each pixel's last event time (kept or dropped), from the start-up value of `compat`.
    public func makeState(sensor: SensorSize) -> [Int64] {
        // Native: far enough below any real time that `t − start > period` holds, without overflow.
        [Int64](repeating: compat == .tonic ? -period : Int64.min / 4, count: sensor.pixelCount)
    }

    public func apply(_ events: consuming EventChunk, sensor: SensorSize,
                      state: inout [Int64]) throws(TransformError) -> (EventChunk, SensorSize) {
        try validate()
        try checkKind(sensor)
        _ = try coordinateBounds(events, sensor: sensor, transform: Self.name)
        try checkState(cells: state.count, expected: sensor.pixelCount)
        let width = sensor.width, period = self.period
        let out = (consume events).compacted { e, count in
            state.withUnsafeMutableBufferPointer { last in
                let (m, width, period) = (last.baseAddress!, width, period)
                var n = 0
                for i in 0..<count {
                    let t = e.t[i]
                    let cell = Int(e.y[i]) &* width &+ Int(e.x[i])
                    let keep = t &- m[cell] > period ? 1 : 0
                    e.move(i, to: n)  // before the map store, which the compiler cannot tell apart from the columns
                    m[cell] = t
                    n &+= keep
                }
                return n
            }
        }
        return (out, sensor)
    }
}
