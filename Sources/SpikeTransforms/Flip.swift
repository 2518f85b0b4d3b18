import SpikeEvents

/// The three mirrorings, shared by the fixed flips and `RandomFlip`.
public enum FlipAxis: String, Hashable, Codable, Sendable {
    /// `x' = W − 1 − x`.
    case lr
    /// `y' = H − 1 − y` (2-D events only).
    case ud
    /// `p' = 1` for `p = 0`, else `0` (tonic's boolean inversion).
    case polarity

    func apply(_ events: consuming EventChunk, sensor: SensorSize, transform: String) throws(TransformError) -> EventChunk {
        if self == .ud, EventKind(sensor: sensor) == .audio {
            throw .unsupportedEventKind(transform: transform, kind: .audio)
        }
        _ = try coordinateBounds(events, sensor: sensor, transform: transform)
        var out = consume events
        switch self {
        case .lr: Self.mirror(&out.x, UInt16(sensor.width - 1))
        case .ud: Self.mirror(&out.y, UInt16(sensor.height - 1))
        case .polarity:
            // 1 for p = 0, else 0, without a branch: `p | −p` has its top bit set exactly when p ≠ 0.
            out.p.withUnsafeMutableBufferPointer { p in for i in p.indices { p[i] = 1 ^ ((p[i] | (0 &- p[i])) &>> 7) } }
        }
        return out
    }

    private static func mirror(_ column: inout [UInt16], _ last: UInt16) {
        column.withUnsafeMutableBufferPointer { c in for i in c.indices { c[i] = last &- c[i] } }
    }
}

/// Mirrors left-right: `x' = W − 1 − x` (tonic 1.7 `RandomFlipLR` with p = 1).
public struct FlipLR: DeterministicTransform {
    public static let name = "flipLR"
    public static let help = "flipLR — mirror left-right: x' = W − 1 − x"
    public init() {}
    public func apply(_ events: consuming EventChunk, sensor: SensorSize) throws(TransformError) -> (EventChunk, SensorSize) {
        (try FlipAxis.lr.apply(consume events, sensor: sensor, transform: Self.name), sensor)
    }
}

/// Mirrors up-down: `y' = H − 1 − y` (tonic 1.7 `RandomFlipUD` with p = 1). 2-D events only.
public struct FlipUD: DeterministicTransform {
    public static let name = "flipUD"
    public static let help = "flipUD — mirror up-down: y' = H − 1 − y (camera events only)"
    public static let accepts: Set<EventKind> = [.camera]
    public init() {}
    public func apply(_ events: consuming EventChunk, sensor: SensorSize) throws(TransformError) -> (EventChunk, SensorSize) {
        (try FlipAxis.ud.apply(consume events, sensor: sensor, transform: Self.name), sensor)
    }
}

/// Swaps ON and OFF: `p' = 1 − p` for p ∈ {0, 1} (tonic 1.7 `RandomFlipPolarity` with p = 1).
public struct FlipPolarity: DeterministicTransform {
    public static let name = "flipPolarity"
    public static let help = "flipPolarity — swap ON and OFF: p' = 1 − p"
    public init() {}
    public func apply(_ events: consuming EventChunk, sensor: SensorSize) throws(TransformError) -> (EventChunk, SensorSize) {
        (try FlipAxis.polarity.apply(consume events, sensor: sensor, transform: Self.name), sensor)
    }
}

/// Applies one flip to the whole sample with probability `p` (tonic 1.7 `RandomFlipLR/UD/Polarity`; tonic
/// flips when `rand ≤ p`, we when `rand < p`, so p = 0 never flips).
public struct RandomFlip: RandomTransform {
    public static let name = "randomFlip"
    public static let help = "randomFlip:axis=lr|ud|polarity[,p=0.5] — flip the whole sample with probability p "
        + "(augmentation)"

    public var axis: FlipAxis
    public var p: Double

    public init(axis: FlipAxis, p: Double = 0.5) {
        self.axis = axis
        self.p = p
    }

    /// Omitted parameters take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(axis: try c.decode(FlipAxis.self, forKey: .axis), p: try c.decodeIfPresent(Double.self, forKey: .p) ?? 0.5)
    }

    public func validate() throws(TransformError) {
        guard (0...1).contains(p) else { throw invalid("p", "must be in [0, 1], got \(p)") }
    }

    public func apply(_ events: consuming EventChunk, sensor: SensorSize,
                      random: inout TransformRandom) throws(TransformError) -> (EventChunk, SensorSize) {
        try validate()
        guard random.uniform() < p else { return (events, sensor) }
        return (try axis.apply(consume events, sensor: sensor, transform: Self.name), sensor)
    }
}

/// Sets every polarity to 0 and the sensor to one polarity channel (tonic 1.7 `MergePolarities`).
public struct MergePolarities: DeterministicTransform {
    public static let name = "mergePolarities"
    public static let help = "mergePolarities — set every polarity to 0; the sensor gets one polarity channel"
    public init() {}
    public func apply(_ events: consuming EventChunk, sensor: SensorSize) throws(TransformError) -> (EventChunk, SensorSize) {
        let n = events.count
        var out = consume events
        out.p = [UInt8](repeating: 0, count: n)
        return (out, SensorSize(width: sensor.width, height: sensor.height, polarities: 1))
    }
}
