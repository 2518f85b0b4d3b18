import SpikeEvents

/// One spike per channel and frame, earlier for stronger values (`SpikeEncoding.latency`).
enum LatencyEncoder {
    static func encode(_ features: FeatureMatrix, steps: Int, minimum: Float) -> EventChunk {
        let (frames, channels) = (features.frames, features.channels)
        let q = normalisedPerChannel(features)
        var events = EventChunk(capacity: frames * channels)
        var stepOf = [Int](repeating: -1, count: channels)
        for f in 0..<frames {
            for c in 0..<channels {
                let v = q[f * channels + c]
                stepOf[c] = v >= minimum ? min(Int((1 - v) * Float(steps)), steps - 1) : -1
            }
            for k in 0..<steps {
                let t = stepTime(features, frame: f, step: k, steps: steps)
                for c in 0..<channels where stepOf[c] == k { events.append(t: t, x: UInt16(c), y: 0, p: 0) }
            }
        }
        return events
    }
}
