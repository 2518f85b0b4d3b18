import SpikeEvents

/// The running sum of each channel's delta-modulation steps, sent as a spike count per frame
/// (`SpikeEncoding.cumulativeDelta`).
enum CumulativeDeltaEncoder {
    /// `thresholds` has one entry per channel.
    static func encode(_ features: FeatureMatrix, thresholds: [Float], cap: Int) -> EventChunk {
        let (frames, channels) = (features.frames, features.channels)
        var events = EventChunk(capacity: frames * channels)
        guard let base = features.values.min() else { return events }
        var reference = [Float](repeating: base, count: channels)
        var level = [Int](repeating: 0, count: channels)
        features.values.withUnsafeBufferPointer { v in
            for f in 0..<frames {
                let t = features.time(ofFrame: f)
                for c in 0..<channels {
                    level[c] += DeltaEncoder.step(&reference[c], toward: v[f * channels + c], threshold: thresholds[c],
                                                  cap: cap)
                    for _ in 0..<level[c] { events.append(t: t, x: UInt16(c), y: 0, p: 0) }
                }
            }
        }
        return events
    }
}
