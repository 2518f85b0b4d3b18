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
        var f = AudioFrontEndConfiguration()
        f.fMax = 9000
        #expect(throws: AudioError.self) { try AudioFrontEnd(f) }
        f = AudioFrontEndConfiguration()
        f.windowLength = 600
        #expect(throws: AudioError.self) { try f.validate() }
    }

    @Test("the configuration's JSON is stable (it is part of the cache key)")
    func codable() throws {
        let c = AudioEventEncoding()
        let data = try JSONEncoder().encode(c)
        #expect(try JSONDecoder().decode(AudioEventEncoding.self, from: data) == c)
    }
}
