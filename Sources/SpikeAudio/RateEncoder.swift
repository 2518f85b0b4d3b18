import SpikeEvents

/// Deterministic integrate-and-fire rate code per channel (`SpikeEncoding.rate`).
enum RateEncoder {
    static func encode(_ features: FeatureMatrix, steps: Int, gain: Float) -> EventChunk {
        let (frames, channels) = (features.frames, features.channels)
        let q = normalisedPerChannel(features)
        var events = EventChunk(capacity: frames * channels * steps / 2)
        var accumulator = [Float](repeating: 0, count: channels)
        for f in 0..<frames {
            for k in 0..<steps {
                let t = stepTime(features, frame: f, step: k, steps: steps)
                for c in 0..<channels {
                    accumulator[c] += q[f * channels + c] * gain
                    if accumulator[c] >= 1 {
                        accumulator[c] -= 1
                        events.append(t: t, x: UInt16(c), y: 0, p: 0)
                    }
                }
            }
        }
        return events
    }
}
