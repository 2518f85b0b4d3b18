import SpikeEvents

/// Send-on-delta modulation per channel (`SpikeEncoding.delta`).
enum DeltaEncoder {
    static func encode(_ features: FeatureMatrix, threshold: Float, cap: Int) -> EventChunk {
        let (frames, channels) = (features.frames, features.channels)
        var events = EventChunk(capacity: frames * channels)
        guard frames > 0 else { return events }
        var reference = Array(features.values[0..<channels])
        features.values.withUnsafeBufferPointer { v in
            for f in 1..<frames {
                let t = features.time(ofFrame: f)
                for c in 0..<channels {
                    let value = v[f * channels + c]
                    var ref = reference[c]
                    var emitted = 0
                    while value - ref >= threshold && emitted < cap {
                        ref += threshold
                        emitted += 1
                        events.append(t: t, x: UInt16(c), y: 0, p: 1)
                    }
                    while ref - value >= threshold && emitted < cap {
                        ref -= threshold
                        emitted += 1
                        events.append(t: t, x: UInt16(c), y: 0, p: 0)
                    }
                    reference[c] = ref
                }
            }
        }
        return events
    }
}
