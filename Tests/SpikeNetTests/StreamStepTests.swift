import Testing
@testable import SpikeNet

/// Window-by-window inference with carried state must see exactly what one pass over the whole sample sees.
struct StreamStepTests {
    static let steps = 12
    /// Window lengths that cut the 12 steps unevenly.
    static let windows = [3, 1, 5, 3]

    /// A deterministic spike pattern `[T, C, H, W]`: roughly a quarter of the cells on, varying with time.
    static func sample(shape: [Int]) -> Tensor {
        let n = Self.steps * shape.reduce(1, *)
        return Tensor(shape: [Self.steps] + shape, data: (0..<n).map { Float(($0 &* 2_654_435_761 >> 7) % 4 == 0 ? 1 : 0) })
    }

    static let networks: [(String, NetworkConfig)] = [
        ("lif mlp", NetworkConfig(spec: "40-10", inputShape: [2, 6, 6], neuron: .lif(LIF(decay: 0.5, threshold: 0.5)),
                                  rule: .stbp(STBP()), loss: .rateMSE, initGain: 3, seed: 3)),
        ("lif mlp subtract", NetworkConfig(spec: "30-10V2", inputShape: [2, 6, 6],
                                           neuron: .lif(LIF(decay: 0.8, threshold: 0.3, reset: .subtract)),
                                           rule: .bpsa(BPSA()), loss: .rateMSE, initGain: 3, seed: 4)),
        ("synaptic lif mlp", NetworkConfig(spec: "40-10", inputShape: [2, 6, 6], neuron: .synapticLIF(SynapticLIF()),
                                           rule: .tssl(TSSLBP()), loss: .rateMSE, initGain: 12, seed: 5)),
        ("multi-threshold mlp", NetworkConfig(spec: "40-10", inputShape: [2, 6, 6],
                                              neuron: .multiThreshold(MultiThresholdLIF(tauM: 4, threshold: 0.5)),
                                              rule: .multiThreshold(MultiThresholdRule()), loss: .rateMSE,
                                              initGain: 3, seed: 6)),
        ("lif cnn", NetworkConfig(spec: "4C3-P2-10", inputShape: [2, 8, 8], neuron: .lif(LIF(decay: 0.5, threshold: 0.4)),
                                  rule: .stbp(STBP()), loss: .rateMSE, initGain: 3, seed: 7)),
        ("lif cnn batchnorm", NetworkConfig(spec: "4C3-MP2-10", inputShape: [2, 8, 8],
                                            neuron: .lif(LIF(decay: 0.5, threshold: 0.4)), rule: .bpsa(BPSA()),
                                            loss: .rateMSE, batchNorm: true, initGain: 3, seed: 8)),
    ]

    @Test(arguments: Self.networks)
    func windowsMatchOnePass(_ name: String, _ config: NetworkConfig) throws {
        var network = try Network(config)
        let sample = Self.sample(shape: config.inputShape)
        let (whole, _) = try network.forward(sample.reshaped([1] + sample.shape), training: false)
        let classes = network.outputShape.reduce(1, *)
        #expect(whole.data.contains { $0 != 0 }, "\(name): the network must produce output for the test to mean anything")

        var state = network.makeStreamState()
        let frame = config.inputShape.reduce(1, *)
        var start = 0
        for length in Self.windows {
            let window = Tensor(shape: [length] + config.inputShape,
                                data: Array(sample.data[start * frame ..< (start + length) * frame]))
            let counts = try network.step(window: window, state: &state)
            var expected = [Float](repeating: 0, count: classes)
            for t in start..<(start + length) { for k in 0..<classes { expected[k] += whole.data[t * classes + k] } }
            #expect(counts == expected, "\(name): window at step \(start)")
            start += length
        }
        #expect(state.timeSteps == Self.steps)
    }

    @Test func resetStartsTheNextSampleAtRest() throws {
        let config = Self.networks[0].1
        var network = try Network(config)
        let sample = Self.sample(shape: config.inputShape)
        var state = network.makeStreamState()
        let first = try network.step(window: sample, state: &state)
        let carried = try network.step(window: sample, state: &state)
        state.reset()
        let afterReset = try network.step(window: sample, state: &state)
        #expect(afterReset == first)
        #expect(carried != first, "a carried state must change the second pass, or the test shows nothing")
    }

    @Test func rejectsWrongWindowShape() throws {
        var network = try Network(Self.networks[0].1)
        var state = network.makeStreamState()
        #expect(throws: SpikeNetError.self) { try network.step(window: Tensor(zeros: [2, 1, 6, 6]), state: &state) }
    }
}
