import SpikeEvents

/// The deterministic transforms that run before the cache, in order. Its JSON (a list of tagged steps) is part
/// of the cache key. Building or decoding one with a random transform fails with `randomBeforeCache`.
public struct PreCacheTransforms: Hashable, Sendable, Codable {
    public private(set) var steps: [TransformStep]

    /// No transforms: events pass through unchanged.
    public static let identity = PreCacheTransforms(validSteps: [])

    private init(validSteps: [TransformStep]) { steps = validSteps }

    public init(_ transforms: [any DeterministicTransform] = []) throws(TransformError) {
        steps = []
        for transform in transforms { steps.append(try TransformStep(transform)) }
    }

    /// From steps (e.g. parsed spec strings); refuses random ones.
    public init(steps: [TransformStep]) throws(TransformError) {
        if let random = steps.first(where: \.isRandom) { throw .randomBeforeCache(transform: random.name) }
        self.steps = steps
    }

    /// From spec strings such as `denoise:filterTime=10000` (repeatable `--transform` options).
    public init(specs: [String]) throws(TransformError) {
        var steps: [TransformStep] = []
        for spec in specs { steps.append(try TransformStep(spec: spec)) }
        try self.init(steps: steps)
    }

    public init(from decoder: any Decoder) throws {
        try self.init(steps: try [TransformStep](from: decoder))
    }

    public func encode(to encoder: any Encoder) throws { try steps.encode(to: encoder) }

    public var isEmpty: Bool { steps.isEmpty }

    public func apply(_ events: consuming EventChunk, sensor: SensorSize) throws(TransformError) -> (EventChunk, SensorSize) {
        var unused = TransformRandom(seed: 0) // deterministic steps never draw from it
        return try steps.apply(consume events, sensor: sensor, random: &unused)
    }

    /// What the steps remember between consecutive chunks of one recording (`StatefulTransform`s): a fresh
    /// value per recording.
    public struct RecordingState: Sendable {
        fileprivate var steps: [(any Sendable)?] = []

        public init() {}
    }

    /// The next chunk of a recording: with one `state` per recording, consecutive chunks give what one
    /// `apply(_:sensor:)` of the whole recording gives (online inference), but for `hotPixels`, which needs the
    /// whole recording and judges each chunk alone, and tonic `denoise` on a recording whose every event is at
    /// (0, 0) (`Denoise.makeState`).
    public func apply(_ events: consuming EventChunk, sensor: SensorSize,
                      state: inout RecordingState) throws(TransformError) -> (EventChunk, SensorSize) {
        if state.steps.count != steps.count { state.steps = Array(repeating: nil, count: steps.count) }
        var (current, size) = (consume events, sensor)
        for (index, step) in steps.enumerated() {
            let (out, newSize) = try step.apply(consume current, sensor: size, state: &state.steps[index])
            (current, size) = (out, newSize)
        }
        return (current, size)
    }

    /// The sensor after every step (crops and downsampling change it): fixes the cache's frame geometry.
    public func outputSensor(for sensor: SensorSize) throws(TransformError) -> SensorSize {
        try apply(EventChunk(), sensor: sensor).1
    }
}

/// The transforms that run after the cache, once per sample and epoch: augmentations and any deterministic
/// step that must follow them. Random steps draw from the generator of `TransformRandom(seed:epoch:sample:)`.
public struct PostCacheTransforms: Hashable, Sendable, Codable {
    public private(set) var steps: [TransformStep]

    public init(_ transforms: [any EventTransform] = []) throws(TransformError) {
        steps = []
        for transform in transforms { steps.append(try TransformStep(transform)) }
    }

    public init(steps: [TransformStep]) { self.steps = steps }

    public init(specs: [String]) throws(TransformError) {
        var steps: [TransformStep] = []
        for spec in specs { steps.append(try TransformStep(spec: spec)) }
        self.init(steps: steps)
    }

    public init(from decoder: any Decoder) throws { steps = try [TransformStep](from: decoder) }
    public func encode(to encoder: any Encoder) throws { try steps.encode(to: encoder) }

    public var isEmpty: Bool { steps.isEmpty }

    public func apply(_ events: consuming EventChunk, sensor: SensorSize,
                      random: inout TransformRandom) throws(TransformError) -> (EventChunk, SensorSize) {
        try steps.apply(consume events, sensor: sensor, random: &random)
    }

    /// One sample of one epoch of a run seeded with `seed`: the same arguments give the same events.
    public func apply(_ events: consuming EventChunk, sensor: SensorSize, seed: UInt64, epoch: Int,
                      sample: Int) throws(TransformError) -> (EventChunk, SensorSize) {
        var random = TransformRandom(seed: seed, epoch: epoch, sample: sample)
        return try apply(consume events, sensor: sensor, random: &random)
    }
}

/// Both lists. JSON: `{"preCache": [...], "postCache": [...]}`; only `preCache` belongs in the cache key.
public struct TransformPipeline: Hashable, Sendable, Codable {
    public var preCache: PreCacheTransforms
    public var postCache: PostCacheTransforms

    public init(preCache: PreCacheTransforms = try! PreCacheTransforms(),
                postCache: PostCacheTransforms = PostCacheTransforms(steps: [])) {
        self.preCache = preCache
        self.postCache = postCache
    }

    private enum CodingKeys: String, CodingKey { case preCache, postCache }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        preCache = try c.decodeIfPresent(PreCacheTransforms.self, forKey: .preCache) ?? PreCacheTransforms(steps: [])
        postCache = try c.decodeIfPresent(PostCacheTransforms.self, forKey: .postCache) ?? PostCacheTransforms(steps: [])
    }
}

extension [TransformStep] {
    func apply(_ events: consuming EventChunk, sensor: SensorSize,
               random: inout TransformRandom) throws(TransformError) -> (EventChunk, SensorSize) {
        var (current, size) = (consume events, sensor)
        for step in self {
            let (out, newSize) = try step.apply(consume current, sensor: size, random: &random)
            (current, size) = (out, newSize)
        }
        return (current, size)
    }
}
