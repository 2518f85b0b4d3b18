import Foundation
import SpikeEvents
import Testing
@testable import SpikeAudio

/// A 2-channel feature matrix at 16 kHz with a 160-sample (10 ms) hop.
private func matrix(_ rows: [[Float]]) -> FeatureMatrix {
    FeatureMatrix(frames: rows.count, channels: rows[0].count, values: rows.flatMap { $0 }, hopLength: 160,
                  sampleRate: 16_000)
}

private func events(_ e: EventChunk) -> [[Int64]] { (0..<e.count).map { [e.t[$0], Int64(e.x[$0]), Int64(e.y[$0]), Int64(e.p[$0])] } }

@Suite("Audio spike encoders")
struct AudioEncoderTests {
    // Channel 0: 0 → 2.5 → 1.0 → 1.0; channel 1: 5 → 5 → 2 → 7.
    let features = matrix([[0, 5], [2.5, 5], [1.0, 2], [1.0, 7]])

    @Test("delta: threshold crossings against a moving reference, frame times")
    func delta() {
        let e = SpikeEncoding.delta(threshold: 1, maxEventsPerFrame: nil).encode(features)
        // ch0: ref 0; 2.5 → 2 ON (ref 2); 1.0 → 1 OFF (ref 1); 1.0 → none.
        // ch1: ref 5; 5 → none; 2 → 3 OFF (ref 2); 7 → 5 ON (ref 7).
        #expect(events(e) == [[10_000, 0, 0, 1], [10_000, 0, 0, 1],
                              [20_000, 0, 0, 0], [20_000, 1, 0, 0], [20_000, 1, 0, 0], [20_000, 1, 0, 0],
                              [30_000, 1, 0, 1], [30_000, 1, 0, 1], [30_000, 1, 0, 1], [30_000, 1, 0, 1], [30_000, 1, 0, 1]])
    }

    @Test("delta: the per-frame cap makes the reference slew over later frames")
    func deltaCap() {
        let e = SpikeEncoding.delta(threshold: 1, maxEventsPerFrame: 2).encode(features)
        // ch0: 2 ON at f1 (ref 2), 1 OFF at f2 (ref 1). ch1: f2 2 OFF (ref 3); f3: 7 − 3 = 4 → 2 ON (ref 5).
        #expect(events(e) == [[10_000, 0, 0, 1], [10_000, 0, 0, 1],
                              [20_000, 0, 0, 0], [20_000, 1, 0, 0], [20_000, 1, 0, 0],
                              [30_000, 1, 0, 1], [30_000, 1, 0, 1]])
    }

    @Test("delta: per-channel thresholds replace the single one")
    func deltaChannelThresholds() {
        let e = SpikeEncoding.delta(threshold: 1, maxEventsPerFrame: nil).encode(features, channelThresholds: [1, 2])
        // ch0 as with 1: 2 ON at f1, 1 OFF at f2. ch1 at 2: ref 5; 2 → 1 OFF (ref 3); 7 → 2 ON (ref 7).
        #expect(events(e) == [[10_000, 0, 0, 1], [10_000, 0, 0, 1],
                              [20_000, 0, 0, 0], [20_000, 1, 0, 0],
                              [30_000, 1, 0, 1], [30_000, 1, 0, 1]])
    }

    @Test("cumulative delta: each frame, the delta-modulated level above the clip's lowest value, as a count")
    func cumulativeDelta() {
        let e = SpikeEncoding.cumulativeDelta(threshold: 1, maxEventsPerFrame: nil).encode(features)
        // Lowest value 0, both references start there. ch0: f0 0, f1 ref 2 → 2, f2 ref 1 → 1, f3 → 1.
        // ch1: f0 ref 5 → 5, f1 5, f2 ref 2 → 2, f3 ref 7 → 7.
        let expected: [[Int64]] = [(0, 1, 5), (10_000, 0, 2), (10_000, 1, 5), (20_000, 0, 1), (20_000, 1, 2),
                                   (30_000, 0, 1), (30_000, 1, 7)]
            .flatMap { (t, x, n) in Array(repeating: [Int64(t), Int64(x), 0, 0], count: n) }
        #expect(events(e) == expected)
        #expect(SpikeEncoding.cumulativeDelta(threshold: 1, maxEventsPerFrame: nil).polarities == 1)
    }

    @Test("cumulative delta: the cap slews the level, per-channel thresholds count in their own steps")
    func cumulativeDeltaCap() {
        let e = SpikeEncoding.cumulativeDelta(threshold: 1, maxEventsPerFrame: 2).encode(features, channelThresholds: [1, 2])
        // ch0 (1 dB, cap 2): f1 ref 2 → 2, f2 ref 1 → 1, f3 → 1.
        // ch1 (2 dB, cap 2): f0 ref 0 → 4 (2 steps), f1 5 − 4 < 2 → 2, f2 4 − 2 ≥ 2 → ref 2 → 1, f3 7 − 2 → 2 steps,
        // ref 6 → 3.
        let expected: [[Int64]] = [(0, 1, 2), (10_000, 0, 2), (10_000, 1, 2), (20_000, 0, 1), (20_000, 1, 1),
                                   (30_000, 0, 1), (30_000, 1, 3)]
            .flatMap { (t, x, n) in Array(repeating: [Int64(t), Int64(x), 0, 0], count: n) }
        #expect(events(e) == expected)
    }

    @Test("rate: accumulator spikes, q · steps per frame, sub-step times")
    func rate() {
        // ch0 q = v / 2.5: 0, 1, 0.4, 0.4; ch1 q = (v − 2) / 5: 0.6, 0.6, 0, 1. 2 steps per frame (5 ms).
        let e = SpikeEncoding.rate(stepsPerFrame: 2, gain: 1).encode(features)
        // ch0 acc: f0 0,0; f1 1→spike@10000, 1→spike@15000; f2 .4,.8; f3 1.2→spike@30000 (.2), .6.
        // ch1 acc: f0 .6, 1.2→spike@5000 (.2); f1 .8, 1.4→spike@15000 (.4); f2 .4,.4; f3 1.4→spike@30000 (.4), 1.4→spike@35000.
        #expect(events(e) == [[5_000, 1, 0, 0], [10_000, 0, 0, 0], [15_000, 0, 0, 0], [15_000, 1, 0, 0],
                              [30_000, 0, 0, 0], [30_000, 1, 0, 0], [35_000, 1, 0, 0]])
    }

    @Test("latency: one spike per frame at ⌊(1 − q)·steps⌋, none below the minimum")
    func latency() {
        let e = SpikeEncoding.latency(stepsPerFrame: 4, minimum: 0.5).encode(features)
        // ch0 q: 0, 1, .4, .4 → only f1, step 0. ch1 q: .6, .6, 0, 1 → f0 step 1, f1 step 1, f3 step 0. 2.5 ms steps.
        #expect(events(e) == [[2_500, 1, 0, 0], [10_000, 0, 0, 0], [12_500, 1, 0, 0], [30_000, 1, 0, 0]])
    }

    @Test("sensor geometry and polarity follow the encoding")
    func sensor() {
        var c = AudioEventEncoding()
        #expect(c.sensorSize == SensorSize(width: 40, height: 1, polarities: 2))
        c.encoding = .rate(stepsPerFrame: 4, gain: 1)
        c.frontEnd.mfccCount = 13
        #expect(c.sensorSize == SensorSize(width: 13, height: 1, polarities: 1))
        #expect(c.span() == (0, 999_999))
    }

    @Test("invalid values name their field")
    func validation() {
        #expect(throws: AudioError.invalidConfiguration(field: "encoding.delta.threshold", reason: "must be positive")) {
            try SpikeEncoding.delta(threshold: 0, maxEventsPerFrame: nil).validate()
        }
        #expect(throws: AudioError.invalidConfiguration(field: "encoding.cumulativeDelta.maxEventsPerFrame",
                                                        reason: "must be ≥ 1 (or null)")) {
            try SpikeEncoding.cumulativeDelta(threshold: 1, maxEventsPerFrame: 0).validate()
        }
        var a = AudioEventEncoding(channelThresholds: [1, 2])
        #expect(throws: AudioError.invalidConfiguration(field: "channelThresholds",
                                                        reason: "must have one value per channel (40)")) {
            try a.validate()
        }
        a.channelThresholds = Array(repeating: 1, count: 40)
        a.encoding = .rate(stepsPerFrame: 2, gain: 1)
        #expect(throws: AudioError.invalidConfiguration(field: "channelThresholds",
                                                        reason: "apply only to the delta encodings")) {
            try a.validate()
        }
        var f = AudioFrontEndConfiguration()
        f.fMax = 9000
        #expect(throws: AudioError.self) { try AudioFrontEnd(f) }
        f = AudioFrontEndConfiguration()
        f.windowLength = 600
        #expect(throws: AudioError.self) { try f.validate() }
    }

    @Test("the configuration's JSON is stable (it is part of the cache key)")
    func codable() throws {
        for c in [AudioEventEncoding(), AudioEventEncoding(encoding: .cumulativeDelta(threshold: 4, maxEventsPerFrame: 8),
                                                           channelThresholds: Array(repeating: 2, count: 40))] {
            let data = try JSONEncoder().encode(c)
            #expect(try JSONDecoder().decode(AudioEventEncoding.self, from: data) == c)
        }
        // Without per-channel thresholds the key has none (keys of other settings do not move).
        let json = String(decoding: try JSONEncoder().encode(AudioEventEncoding()), as: UTF8.self)
        #expect(!json.contains("channelThresholds"))
    }

    @Test("the default noise floor: 40 dB under the clip's loudest log-mel value, never under −70 dB")
    func noiseFloor() throws {
        let encoder = try AudioEventEncoder(AudioEventEncoding())
        let f = try encoder.frontEnd.features(toneBurst)
        let peak = f.values.max()!
        #expect(f.values.min()! == peak - 40)
        // Frame 0 (centred on sample 0) and the last frame see only silence: every band sits on the floor.
        #expect((0..<40).allSatisfy { f[0, $0] == peak - 40 && f[100, $0] == peak - 40 })
        // Delta events only where the tone starts (250 ms) or stops (550 ms): frames whose 25 ms window reaches an
        // edge, and the next few while the 8-per-frame cap slews the 40 dB step; the steady tone repeats exactly
        // every 10 ms hop and the silence sits on the floor.
        let e = try encoder.events(toneBurst)
        #expect(e.count > 0 && e.t.allSatisfy { (230_000...320_000).contains($0) || (530_000...620_000).contains($0) })
        // A clip far under −70 dB is flat at −70 dB: no events at all.
        let quiet = AudioChunk(samples: toneBurst.samples.map { $0 * 1e-5 }, sampleRate: 16_000)
        #expect(try encoder.frontEnd.features(quiet).values.allSatisfy { abs($0 - -70) < 1e-4 })
        #expect(try encoder.events(quiet).count == 0)
    }
}
