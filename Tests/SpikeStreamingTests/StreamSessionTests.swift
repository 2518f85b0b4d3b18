import SpikeEvents
import SpikeNet
@testable import SpikeStreaming
import SpikeTransforms
import Testing

/// Streaming a sample window by window gives the offline decision on the same binned frames.
@Suite("Stream session")
struct StreamSessionTests {
    /// Runs `events` through a session in pieces of the given sizes (cycled) and collects its outputs.
    static func stream(_ events: EventChunk, pieces: [Int], session: inout StreamSession) throws -> [StreamOutput] {
        var outputs: [StreamOutput] = []
        var at = 0, p = 0
        while at < events.count {
            let n = min(pieces[p % pieces.count], events.count - at)
            try session.push(events.slice(at..<(at + n)), arrival: .now) { outputs.append($0) }
            at += n
            p += 1
        }
        try session.endSample(arrival: .now) { outputs.append($0) }
        return outputs
    }

    @Test("windows equal the offline frames' time steps; the sample decision equals Network.predict",
          arguments: [[1], [97, 3, 1500], [12_000]])
    func matchesOffline(pieces: [Int]) throws {
        let events = StreamFixtures.events()
        let model = try StreamFixtures.model()
        let (steps, prediction) = try StreamFixtures.offline(events, network: model.network)
        var session = try StreamSession(model: model, sensor: .nmnist)
        let outputs = try Self.stream(events, pieces: pieces, session: &session)
        let windows = outputs.compactMap { if case .window(let w) = $0 { w } else { nil } }
        #expect(windows.count == steps.count)
        let t0 = try #require(events.t.first)
        #expect(windows.count == Int((events.t.last! - t0) / StreamFixtures.window) + 1)
        for (k, w) in windows.enumerated() {
            #expect(w.window == k)
            #expect(w.start == t0 + Int64(k) * StreamFixtures.window)
            #expect(w.spikeCounts == steps[k], "window \(k)")
        }
        #expect(windows.map(\.events).reduce(0, +) == events.count)
        guard case .sampleEnd(let end)? = outputs.last else {
            Issue.record("the last output must be the sample end")
            return
        }
        #expect(end.prediction == prediction)
        #expect(end.windows == windows.count && end.events == events.count && end.lateEvents == 0)
        #expect(end.spikeCounts.reduce(0, +) > 0, "the network must fire for the comparison to mean anything")
        #expect(windows.last?.prediction == prediction)
    }

    @Test("a reset clears the neuron state: the second sample decides as if streamed alone")
    func resetBetweenSamples() throws {
        let model = try StreamFixtures.model()
        let first = StreamFixtures.events(seed: 1), second = StreamFixtures.events(seed: 2)
        var shared = try StreamSession(model: model, sensor: .nmnist)
        _ = try Self.stream(first, pieces: [500], session: &shared)
        let afterReset = try Self.stream(second, pieces: [500], session: &shared)
        var fresh = try StreamSession(model: model, sensor: .nmnist)
        let alone = try Self.stream(second, pieces: [500], session: &fresh)
        func strip(_ outputs: [StreamOutput]) -> [[Float]] {
            outputs.map {
                switch $0 {
                case .window(let w): w.spikeCounts
                case .sampleEnd(let s): s.spikeCounts
                }
            }
        }
        #expect(strip(afterReset) == strip(alone))
        guard case .sampleEnd(let end)? = afterReset.last else { return }
        #expect(end.sample == 1)
    }

    @Test("windows by hand: a gap closes empty windows, late events are dropped and counted")
    func windowingByHand() throws {
        var session = try StreamSession(model: StreamFixtures.model(), sensor: .nmnist)
        // window 10 ms from t0 = 5000: [5000, 15000) gets 2 events, [15000, 25000) and [25000, 35000) none,
        // [35000, 45000) gets the event at 40000 and the late one at 6000 is dropped.
        let events = EventChunk(t: [5000, 9000, 40_000, 6000], x: [1, 2, 3, 4], y: [1, 1, 1, 1], p: [1, 0, 1, 1])
        var outputs: [StreamOutput] = []
        try session.push(events, arrival: .now) { outputs.append($0) }
        try session.endSample(arrival: .now) { outputs.append($0) }
        let windows = outputs.compactMap { if case .window(let w) = $0 { w } else { nil } }
        #expect(windows.map(\.start) == [5000, 15_000, 25_000, 35_000])
        #expect(windows.map(\.events) == [2, 0, 0, 1])
        guard case .sampleEnd(let end)? = outputs.last else { return }
        #expect(end.lateEvents == 1 && end.events == 3)
    }

    @Test("pre-cache transforms run on the events as they arrive, their memory carried across pushes: 34×34 → 17×17 like the offline path",
          arguments: [["downsample:targetSize=17,17"],
                      ["denoise:filterTime=5000", "refractory:period=2000", "downsample:targetSize=17,17"],
                      ["timeAlignment", "decimation:n=2", "denoise:filterTime=5000,compat=native", "downsample:targetSize=17,17"]])
    func transforms(specs: [String]) throws {
        let transforms = try PreCacheTransforms(specs: specs)
        let network = try Network(NetworkConfig(spec: "30-10", inputShape: [2, 17, 17], neuron: .lif(LIF(decay: 0.5, threshold: 0.5)),
                                                rule: .stbp(STBP()), loss: .rateMSE, initGain: 4, seed: 12))
        let model = try StreamModel(network: network, binning: StreamFixtures.binning, transforms: transforms)
        let events = StreamFixtures.events()
        var session = try StreamSession(model: model, sensor: .nmnist)
        let outputs = try Self.stream(events, pieces: [333], session: &session)
        let streamed = outputs.compactMap { if case .window(let w) = $0 { w.spikeCounts } else { nil } }

        var offlineNetwork = network
        let (small, sensor) = try transforms.apply(events, sensor: .nmnist)
        #expect(sensor == SensorSize(width: 17, height: 17))
        let frames = try StreamFixtures.binning.frames(small, sensor: sensor)
        let t = frames.shape.timeSteps
        let input = Tensor(shape: [1, t, 2, 17, 17], data: (0..<frames.storage.count).map { Float(frames.storage[$0]) })
        let (output, _) = try offlineNetwork.forward(input, training: false)
        #expect(streamed == (0..<t).map { Array(output.data[($0 * 10)..<(($0 + 1) * 10)]) })
        #expect(output.data.contains { $0 > 0 })
    }

    @Test("a window over the event limit is an error, not a bigger buffer")
    func windowOverflow() throws {
        var session = try StreamSession(model: StreamFixtures.model(), sensor: .nmnist,
                                        limits: .init(maxWindowEvents: 100))
        #expect(throws: StreamError.self) {
            try session.push(StreamFixtures.events(), arrival: .now) { _ in }
        }
    }

    @Test("models whose binning cannot stream, or whose input does not fit the sensor, are refused")
    func refusedModels() throws {
        let network = try StreamFixtures.network()
        #expect(throws: StreamError.self) { try StreamModel(network: network, binning: FrameBinning(.nTimeBins(16))) }
        #expect(throws: StreamError.self) {
            try StreamModel(network: network, binning: FrameBinning(.timeWindow(1000), overlap: 500))
        }
        #expect(throws: StreamError.self) {
            try StreamSession(model: StreamModel(network: network, binning: StreamFixtures.binning), sensor: .dvs128)
        }
    }

    @Test("JSON lines carry the fields in protocol order")
    func jsonLines() throws {
        let window = StreamOutput.window(WindowResult(window: 2, start: 20, end: 30, events: 5, prediction: 1,
                                                      confidence: 0.5, spikeCounts: [1, 3, 0.5], latencyMicroseconds: 12.34))
        #expect(window.jsonLine == "{\"window\":2,\"t_start\":20,\"t_end\":30,\"events\":5,\"prediction\":1,"
            + "\"confidence\":0.5000,\"spike_counts\":[1,3,0.5],\"latency_us\":12.3}")
        let end = StreamOutput.sampleEnd(SampleResult(sample: 0, windows: 3, events: 9, lateEvents: 0, prediction: 1,
                                                      confidence: 0.75, spikeCounts: [1, 3]))
        #expect(end.jsonLine == "{\"sample_end\":0,\"windows\":3,\"events\":9,\"late_events\":0,\"prediction\":1,"
            + "\"confidence\":0.7500,\"spike_counts\":[1,3]}")
        let error = StreamError.decode(.malformed(path: "<x>", offset: 15, reason: "bad \"quote\""))
        #expect(try parse(error.jsonLine)["offset"] as? Int == 15)
    }
}
