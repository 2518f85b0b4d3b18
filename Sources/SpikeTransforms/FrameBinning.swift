import SpikeEvents

/// How events become frames `[T, C, H, W]` (semantics in docs/PIPELINES.md, binning). A value: `Codable` with a fixed JSON shape (it is
/// part of the cache key), `Hashable`, `Sendable`. Call `validate()` or let `frames(_:sensor:)` do it.
///
/// Native semantics. The span is `[t0, t1]`: `start`/`end` when given, else the earliest/latest event;
/// `D = t1 − t0 + 1` µs; events outside the span are ignored; `N` is the number of events inside it and `i`
/// an event's rank among them (its position in the chunk when events are time-ordered).
/// - `nTimeBins(T)`: bin `⌊(t − t0)·T / D⌋`; `nEventBins(T)`: bin `⌊i·T / N⌋`. Always `T` frames.
/// - `timeWindow(w)`: bin `⌊(t − t0) / w⌋`; `eventCount(c)`: bin `⌊i / c⌋`. The last, partial window (the one
///   that reaches past the span) is kept unless `dropIncomplete`.
/// - `overlap`: windows start every `stride = length − overlap`, and an event counts in every window covering
///   it. For `timeWindow`/`eventCount` it is whole µs/events in `0 ..< length`; for the `n…Bins` modes it is a
///   fraction `o ∈ [0, 1)` of a bin: window `k` covers `k·D ≤ (t − t0)·T < (k + 1 + o)·D` (likewise with
///   `i`, `N`), i.e. each bin is stretched by `o` bins into the next one and there are still `T` of them.
/// - Channels: one per polarity (`p` is the channel), or one when `mergePolarities`. Counts saturate in
///   `uint8`/`uint16`; `float32` holds the exact count rounded to the nearest `Float`.
/// - Empty results: no events (in the span) gives `T` zero frames for the `n…Bins` modes; `timeWindow` gives
///   the span's windows of zeros when both `start` and `end` are given and 0 frames otherwise; `eventCount`
///   gives 0 frames. Every event, inside the span or not, must fit the sensor (else `eventOutOfRange`).
///
/// `compat: .tonic` reproduces tonic 1.7.0 `ToFrame` instead; see `TonicSlicing` for every difference.
public struct FrameBinning: Hashable, Codable, Sendable {
    /// How the stream is cut into frames.
    public enum Slicing: Hashable, Sendable, CustomStringConvertible {
        /// `T` frames of equal duration.
        case nTimeBins(Int)
        /// `T` frames of (nearly) equal event counts.
        case nEventBins(Int)
        /// Frames of `w` µs each.
        case timeWindow(Int64)
        /// Frames of `c` events each.
        case eventCount(Int)

        /// As the pipeline YAML's binning section writes it (`time_bins: 16`), for messages.
        public var description: String {
            switch self {
            case let .nTimeBins(t): "time_bins: \(t)"
            case let .nEventBins(t): "event_bins: \(t)"
            case let .timeWindow(w): "time_window: \(w) µs"
            case let .eventCount(c): "event_count: \(c)"
            }
        }
    }

    /// Whose semantics to follow.
    public enum Compat: String, Hashable, Codable, Sendable {
        /// The formulas above.
        case native
        /// tonic 1.7.0 `tonic.transforms.ToFrame`, bit for bit (see `TonicSlicing`).
        case tonic
    }

    public var slicing: Slicing
    /// µs for `timeWindow`, events for `eventCount` (both whole numbers), fraction of a bin for `n…Bins`.
    public var overlap: Double
    /// Drop the last window when it reaches past the span (`timeWindow`, `eventCount` only).
    public var dropIncomplete: Bool
    /// Fixed span start (µs), instead of the first event.
    public var start: Int64?
    /// Fixed span end (µs, inclusive), instead of the last event.
    public var end: Int64?
    /// One channel for all polarities instead of one per polarity.
    public var mergePolarities: Bool
    public var dtype: FrameDType
    public var compat: Compat
    /// A dense representation instead of count frames (`nil`: count frames). With one, `slicing` is the
    /// representation's (`FrameRepresentation.slicing`), `dtype` float32, and the other options their defaults.
    public var representation: FrameRepresentation?

    /// What `dropIncomplete` is when not given: tonic's `ToFrame` drops the partial last window by default
    /// (`include_incomplete=False`), so `.tonic` windows do too; native keeps it, and the `*Bins` modes have none.
    public static func defaultDropIncomplete(_ slicing: Slicing, compat: Compat) -> Bool {
        switch slicing {
        case .timeWindow, .eventCount: compat == .tonic
        case .nTimeBins, .nEventBins: false
        }
    }

    /// `dtype` defaults to `uint8` for `.native` and to `uint16` (tonic's int16 bits) for `.tonic`.
    public init(_ slicing: Slicing, overlap: Double = 0, dropIncomplete: Bool = false, start: Int64? = nil,
                end: Int64? = nil, mergePolarities: Bool = false, dtype: FrameDType? = nil,
                compat: Compat = .native) {
        self.slicing = slicing
        self.overlap = overlap
        self.dropIncomplete = dropIncomplete
        self.start = start
        self.end = end
        self.mergePolarities = mergePolarities
        self.dtype = dtype ?? (compat == .tonic ? .uint16 : .uint8)
        self.compat = compat
    }

    /// The binning that makes `representation`'s float32 frames.
    public init(representation: FrameRepresentation) {
        self.init(representation.slicing, dtype: .float32)
        self.representation = representation
    }

    /// Channels of the output for `sensor`.
    public func channels(for sensor: SensorSize) -> Int {
        representation?.channels(for: sensor) ?? (mergePolarities ? 1 : sensor.polarities)
    }

    /// A short name for file names, e.g. `T16`, `E10`, `w10000us`, `c500`, `voxelGrid10`, `timeSurface10000us`.
    public var shortName: String {
        switch (representation, slicing) {
        case (.voxelGrid(let grid)?, _): "voxelGrid\(grid.bins)"
        case (.timeSurface(let surface)?, _): "timeSurface\(surface.dt)us"
        case (nil, .nTimeBins(let t)): "T\(t)"
        case (nil, .nEventBins(let t)): "E\(t)"
        case (nil, .timeWindow(let w)): "w\(w)us"
        case (nil, .eventCount(let c)): "c\(c)"
        }
    }

    // The JSON shape is a contract (cache keys): flat keys, every key always present (`null` when unset) but
    // `representation`, present only when set, so that count-frame caches keep the keys they had before it.
    private enum CodingKeys: String, CodingKey {
        case mode, value, overlap, dropIncomplete, start, end, mergePolarities, dtype, compat, representation
    }

    private enum Mode: String, Codable {
        case nTimeBins, nEventBins, timeWindow, eventCount
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let value = try c.decode(Int64.self, forKey: .value)
        switch try c.decode(Mode.self, forKey: .mode) {
        case .nTimeBins: slicing = .nTimeBins(try Self.int(value, c))
        case .nEventBins: slicing = .nEventBins(try Self.int(value, c))
        case .timeWindow: slicing = .timeWindow(value)
        case .eventCount: slicing = .eventCount(try Self.int(value, c))
        }
        overlap = try c.decode(Double.self, forKey: .overlap)
        dropIncomplete = try c.decode(Bool.self, forKey: .dropIncomplete)
        start = try c.decodeIfPresent(Int64.self, forKey: .start)
        end = try c.decodeIfPresent(Int64.self, forKey: .end)
        mergePolarities = try c.decode(Bool.self, forKey: .mergePolarities)
        dtype = try c.decode(FrameDType.self, forKey: .dtype)
        compat = try c.decode(Compat.self, forKey: .compat)
        representation = try c.decodeIfPresent(FrameRepresentation.self, forKey: .representation)
    }

    private static func int(_ value: Int64, _ c: KeyedDecodingContainer<CodingKeys>) throws -> Int {
        guard let v = Int(exactly: value) else {
            throw DecodingError.dataCorruptedError(forKey: .value, in: c, debugDescription: "\(value) does not fit Int")
        }
        return v
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let (mode, value): (Mode, Int64) = switch slicing {
        case .nTimeBins(let n): (.nTimeBins, Int64(n))
        case .nEventBins(let n): (.nEventBins, Int64(n))
        case .timeWindow(let w): (.timeWindow, w)
        case .eventCount(let n): (.eventCount, Int64(n))
        }
        try c.encode(mode, forKey: .mode)
        try c.encode(value, forKey: .value)
        try c.encode(overlap, forKey: .overlap)
        try c.encode(dropIncomplete, forKey: .dropIncomplete)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        try c.encode(mergePolarities, forKey: .mergePolarities)
        try c.encode(dtype, forKey: .dtype)
        try c.encode(compat, forKey: .compat)
        try c.encodeIfPresent(representation, forKey: .representation)
    }
}
