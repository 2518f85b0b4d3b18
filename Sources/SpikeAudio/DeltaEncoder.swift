import SpikeEvents

/// Send-on-delta modulation per channel (`SpikeEncoding.delta`).
enum DeltaEncoder {
    /// `thresholds` has one entry per channel.
    static func encode(_ features: FeatureMatrix, thresholds: [Float], cap: Int) -> EventChunk {
        let (frames, channels) = (features.frames, features.channels)
        var events = EventChunk(capacity: frames * channels)
        guard frames > 0 else { return events }
        var reference = Array(features.values[0..<channels])
        features.values.withUnsafeBufferPointer { v in
            for f in 1..<frames {
                let t = features.time(ofFrame: f)
                for c in 0..<channels {
                    let steps = step(&reference[c], toward: v[f * channels + c], threshold: thresholds[c], cap: cap)
                    for _ in 0..<abs(steps) { events.append(t: t, x: UInt16(c), y: 0, p: steps > 0 ? 1 : 0) }
                }
            }
        }
        return events
    }

    /// Moves `reference` toward `value` by whole `threshold`s while `|value − reference| ≥ threshold`, at most
    /// `cap` of them; returns the signed number of steps (positive up).
    @inline(__always)
    static func step(_ reference: inout Float, toward value: Float, threshold: Float, cap: Int) -> Int {
        var steps = 0
        while value - reference >= threshold && steps < cap {
            reference += threshold
            steps += 1
        }
        while reference - value >= threshold && -steps < cap {
            reference -= threshold
            steps -= 1
        }
        return steps
    }
}
