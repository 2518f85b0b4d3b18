import SpikeEvents

/// How a feature matrix becomes events: `x` = feature channel, `y` = 0, `t` = µs (frame times from
/// `FeatureMatrix.time(ofFrame:)`, sub-frame steps in between). Events are ordered by time, then channel.
///
/// - `delta` (threshold-crossing / send-on-delta modulation, as DVS pixels do on log intensity): each channel
///   keeps a reference level, initially its first frame's value. At frame `f`, while `v − ref ≥ threshold`
///   an ON event (p = 1) is emitted and `ref += threshold`; while `ref − v ≥ threshold` an OFF event (p = 0)
///   and `ref −= threshold`. All events of a frame carry the frame's time. `maxEventsPerFrame` caps the events
///   of one channel in one frame; the reference then moves only by the emitted steps (slope overload of
///   classic delta modulation), so the rest follows in later frames. Sensor: channels × 1, 2 polarities.
/// - `cumulativeDelta` (the cumulative sum of delta-modulation steps, as Speech2Spikes [Stewart et al. 2023]
///   offers beside its delta encoder): every channel's reference starts at the clip's lowest feature value
///   (the front end's noise floor) and moves as in `delta` (same crossing rule and cap), from frame 0 on. At
///   each frame a channel emits as many events (p = 0) as its reference stands thresholds above that lowest
///   value: a level code that is silent on the floor, so spikes sit where the signal is. Sensor: channels × 1,
///   1 polarity.
///
/// Both delta kinds take one threshold for every channel, or per-channel ones (`channelThresholds`, set on
/// `AudioEventEncoding`).
/// - `rate`: each channel's values are scaled to `q = (v − min) / (max − min)` over the clip (0 when flat),
///   times `gain`. Every frame is split into `stepsPerFrame` steps; per step an accumulator adds `q` and emits
///   a spike when it reaches 1 (then subtracts 1): a deterministic rate code of `q · stepsPerFrame` spikes per
///   frame, reproducible with no seed. Sensor: channels × 1, 1 polarity (p = 0).
/// - `latency`: the same `q`; per frame, a channel with `q ≥ minimum` spikes once, at step
///   `min(⌊(1 − q) · stepsPerFrame⌋, stepsPerFrame − 1)` of the frame: stronger is earlier (time-to-first-
///   spike, linear). Sensor: channels × 1, 1 polarity (p = 0).
public enum SpikeEncoding: Codable, Hashable, Sendable {
    case delta(threshold: Double, maxEventsPerFrame: Int?)
    case cumulativeDelta(threshold: Double, maxEventsPerFrame: Int?)
    case rate(stepsPerFrame: Int, gain: Double)
    case latency(stepsPerFrame: Int, minimum: Double)

    /// Polarity channels of the events this encoding emits.
    public var polarities: Int {
        if case .delta = self { return 2 }
        return 1
    }

    /// Whether this is a delta kind (they take per-channel thresholds).
    public var isDelta: Bool {
        switch self {
        case .delta, .cumulativeDelta: true
        case .rate, .latency: false
        }
    }

    public func validate() throws(AudioError) {
        switch self {
        case .delta(let threshold, let cap), .cumulativeDelta(let threshold, let cap):
            let field = if case .delta = self { "encoding.delta" } else { "encoding.cumulativeDelta" }
            guard threshold > 0, threshold.isFinite else {
                throw .invalidConfiguration(field: "\(field).threshold", reason: "must be positive")
            }
            if let cap, cap < 1 {
                throw .invalidConfiguration(field: "\(field).maxEventsPerFrame", reason: "must be ≥ 1 (or null)")
            }
        case .rate(let steps, let gain):
            guard steps >= 1 else { throw .invalidConfiguration(field: "encoding.rate.stepsPerFrame", reason: "must be ≥ 1") }
            guard (0...1).contains(gain) else { throw .invalidConfiguration(field: "encoding.rate.gain", reason: "must be in 0…1") }
        case .latency(let steps, let minimum):
            guard steps >= 1 else {
                throw .invalidConfiguration(field: "encoding.latency.stepsPerFrame", reason: "must be ≥ 1")
            }
            guard minimum > 0 && minimum <= 1 else {
                throw .invalidConfiguration(field: "encoding.latency.minimum", reason: "must be in (0, 1]")
            }
        }
    }

    /// The events of `features` (see the cases). `channelThresholds` (one per channel, validated by
    /// `AudioEventEncoding`) replace the delta kinds' single threshold.
    public func encode(_ features: FeatureMatrix, channelThresholds: [Double]? = nil) -> EventChunk {
        func thresholds(_ threshold: Double) -> [Float] {
            (channelThresholds ?? Array(repeating: threshold, count: features.channels)).map { Float($0) }
        }
        return switch self {
        case .delta(let threshold, let cap):
            DeltaEncoder.encode(features, thresholds: thresholds(threshold), cap: cap ?? .max)
        case .cumulativeDelta(let threshold, let cap):
            CumulativeDeltaEncoder.encode(features, thresholds: thresholds(threshold), cap: cap ?? .max)
        case .rate(let steps, let gain):
            RateEncoder.encode(features, steps: steps, gain: Float(gain))
        case .latency(let steps, let minimum):
            LatencyEncoder.encode(features, steps: steps, minimum: Float(minimum))
        }
    }
}

/// Time of step `k` of `steps` in frame `f`: `⌊(f · steps + k) · hop · 10⁶ / (rate · steps)⌋` µs.
func stepTime(_ features: FeatureMatrix, frame f: Int, step k: Int, steps: Int) -> Int64 {
    (Int64(f) * Int64(steps) + Int64(k)) * Int64(features.hopLength) * 1_000_000
        / (Int64(features.sampleRate) * Int64(steps))
}

/// Each channel's values mapped to `(v − min) / (max − min)` over the clip (0 for a flat channel), frame-major.
func normalisedPerChannel(_ features: FeatureMatrix) -> [Float] {
    let (frames, channels) = (features.frames, features.channels)
    var lo = [Float](repeating: .infinity, count: channels)
    var hi = [Float](repeating: -.infinity, count: channels)
    for f in 0..<frames {
        for c in 0..<channels {
            let v = features.values[f * channels + c]
            lo[c] = min(lo[c], v)
            hi[c] = max(hi[c], v)
        }
    }
    var out = features.values
    for f in 0..<frames {
        for c in 0..<channels {
            let range = hi[c] - lo[c]
            out[f * channels + c] = range > 0 ? (out[f * channels + c] - lo[c]) / range : 0
        }
    }
    return out
}
