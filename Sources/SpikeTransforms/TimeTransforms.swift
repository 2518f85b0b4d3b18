import SpikeEvents

/// Keeps events with `min ≤ t ≤ max` (both inclusive, as tonic 1.7 `CropTime`); no `max` means no upper bound.
public struct CropTime: DeterministicTransform {
    public static let name = "cropTime"
    public static let help = "cropTime:min=µs[,max=µs] — keep events with min ≤ t ≤ max"

    public var min: Int64
    public var max: Int64?

    public init(min: Int64 = 0, max: Int64? = nil) {
        self.min = min
        self.max = max
    }

    /// Omitted parameters take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(min: try c.decodeIfPresent(Int64.self, forKey: .min) ?? 0,
                  max: try c.decodeIfPresent(Int64.self, forKey: .max))
    }

    public func validate() throws(TransformError) {
        if let max, max < min { throw invalid("max", "must be at least min (\(min)), got \(max)") }
    }

    public func apply(_ events: consuming EventChunk, sensor: SensorSize) throws(TransformError) -> (EventChunk, SensorSize) {
        try validate()
        let lo = min, hi = max ?? .max
        return ((consume events).filtered(times: lo, hi, inside: true), sensor)
    }
}

/// Shifts times so the earliest event is at t = 0 (tonic 1.7 `TimeAlignment`).
public struct TimeAlignment: StatefulTransform {
    public static let name = "timeAlignment"
    public static let help = "timeAlignment — subtract the earliest timestamp so the stream starts at t = 0"

    public init() {}

    public func apply(_ events: consuming EventChunk, sensor: SensorSize) throws(TransformError) -> (EventChunk, SensorSize) {
        var origin = makeState(sensor: sensor)
        return try apply(consume events, sensor: sensor, state: &origin)
    }

    /// The time subtracted: the earliest of the recording's first non-empty chunk (for time-ordered input,
    /// the recording's earliest); `nil` before it.
    public struct Origin: Sendable {
        public var time: Int64?
    }

    public func makeState(sensor: SensorSize) -> Origin { Origin(time: nil) }

    public func apply(_ events: consuming EventChunk, sensor: SensorSize,
                      state origin: inout Origin) throws(TransformError) -> (EventChunk, SensorSize) {
        guard let first = origin.time ?? events.t.min() else { return (events, sensor) }
        origin.time = first
        var out = consume events
        out.t.withUnsafeMutableBufferPointer { t in for i in t.indices { t[i] &-= first } }
        return (out, sensor)
    }
}

extension TimeSkew {
    /// `t' = trunc(t·coefficient + offset)` in place; throws (leaving `t` part-way) when a time would reach
    /// ±2^62 µs. Checked per event in the same pass (a predictable branch) rather than from a separate pass
    /// for the time extent.
    static func skew(_ t: inout [Int64], coefficient c: Double, offset: Int64, transform: String) throws(TransformError) {
        let b = Double(offset)
        let fits = t.withUnsafeMutableBufferPointer { t in
            for i in t.indices {
                let v = Double(t[i]) * c + b
                guard abs(v) < 0x1p62 else { return false }
                t[i] = Int64(v)
            }
            return true
        }
        guard fits else {
            throw .invalidParameter(transform: transform, parameter: "coefficient", reason: "overflows 64-bit µs times")
        }
    }
}

/// `t' = trunc(t·coefficient + offset)` in float64, as tonic 1.7 `TimeSkew` with fixed values (tonic's random
/// ranges are not offered; put a fixed skew before the cache).
public struct TimeSkew: DeterministicTransform {
    public static let name = "timeSkew"
    public static let help = "timeSkew:coefficient=C[,offset=µs] — t' = trunc(t·C + offset)"

    public var coefficient: Double
    public var offset: Int64

    public init(coefficient: Double, offset: Int64 = 0) {
        self.coefficient = coefficient
        self.offset = offset
    }

    /// Omitted parameters take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(coefficient: try c.decode(Double.self, forKey: .coefficient),
                  offset: try c.decodeIfPresent(Int64.self, forKey: .offset) ?? 0)
    }

    public func validate() throws(TransformError) {
        guard coefficient > 0, coefficient.isFinite else {
            throw invalid("coefficient", "must be > 0 so time order is kept, got \(coefficient)")
        }
    }

    public func apply(_ events: consuming EventChunk, sensor: SensorSize) throws(TransformError) -> (EventChunk, SensorSize) {
        try validate()
        _ = try validateEvents(events, sensor: sensor, transform: Self.name, checkPolarity: false)
        var out = consume events
        try Self.skew(&out.t, coefficient: coefficient, offset: offset, transform: Self.name)
        return (out, sensor)
    }
}
