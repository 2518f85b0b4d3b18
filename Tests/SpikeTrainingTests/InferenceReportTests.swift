import SpikeNet
@testable import SpikeTraining
import Testing

@Suite("Inference report numbers")
struct InferenceReportTests {
    @Test("confusion matrix, accuracy and per-class accuracy of a hand-counted case")
    func confusion() {
        let m = ConfusionMatrix(labels: [0, 0, 1, 1, 1, 2], predictions: [0, 1, 1, 1, 0, 1], classes: 4)
        #expect(m.counts == [[1, 1, 0, 0], [1, 2, 0, 0], [0, 1, 0, 0], [0, 0, 0, 0]])
        #expect(m.total == 6 && m.correct == 3 && m.accuracy == 0.5)
        #expect(m.perClassAccuracy == [0.5, 2.0 / 3.0, 0, nil])
        // Mean recall over the three classes with samples (class 3 has none).
        #expect(abs(m.balancedAccuracy - (0.5 + 2.0 / 3.0 + 0) / 3) < 1e-15)
        // Always predicting the majority class: 90 % accuracy, 50 % balanced.
        let majority = ConfusionMatrix(labels: Array(repeating: 0, count: 9) + [1], predictions: Array(repeating: 0, count: 10),
                                       classes: 2)
        #expect(majority.accuracy == 0.9 && majority.balancedAccuracy == 0.5)
    }

    /// Output [T=3, B=2, K=2], time-major: sample 0 has 1 real step, sample 1 all 3.
    @Test("predictions count only each sample's real time steps, not the batch's zero padding")
    func paddedPredictions() {
        let output = Tensor(shape: [3, 2, 2], data: [1, 0, 0, 1,   0, 1, 1, 0,   0, 1, 1, 0])
        #expect(SpikeNet.predictions(output, batch: 2, timeSteps: 3) == [1, 0])
        #expect(SpikeNet.predictions(output, batch: 2, timeSteps: 3, lengths: [1, 3]) == [0, 0])
    }

    @Test("per-sample predictions as JSON lines")
    func predictionLines() throws {
        let lines = try SamplePrediction.jsonLines([SamplePrediction(id: "Test/3/00002.bin", label: 3, prediction: 5),
                                                    SamplePrediction(id: "Test/4/00000.bin", label: 4, prediction: 4)])
        #expect(lines == """
            {"id":"Test/3/00002.bin","label":3,"prediction":5}
            {"id":"Test/4/00000.bin","label":4,"prediction":4}

            """)
    }

    /// Conv 2×(1×3×3) on 1×4×4 → 2×2×2 (18 weights × 4 positions = 72 MACs), then dense 8 → 5 (40 MACs).
    @Test("energy per layer: MACs from the shapes, E_ANN = MACs·4.6 pJ, E_SNN = MACs·rate·T·0.9 pJ")
    func energy() throws {
        let net = try Network(NetworkConfig(spec: "2C3-5", inputShape: [1, 4, 4], neuron: .lif(LIF()),
                                            rule: .stbp(STBP()), loss: .rateMSE))
        let e = EnergyEstimate(network: net, inputRate: 0.25, firingRates: [0.5, 0.1], timeSteps: 4)
        #expect(e.layers.map(\.name) == ["layer0", "layer1"])
        #expect(e.layers.map(\.kind) == ["conv", "dense"])
        #expect(e.layers.map(\.macs) == [72, 40])
        #expect(e.layers.map(\.inputRate) == [0.25, 0.5])
        #expect(abs(e.annPicojoules - 112 * 4.6) < 1e-9)
        #expect(abs(e.snnPicojoules - (72 * 0.25 * 4 * 0.9 + 40 * 0.5 * 4 * 0.9)) < 1e-9)  // 64.8 + 72
        #expect(abs(e.efficiency - 515.2 / 136.8) < 1e-9)
        #expect(InferenceReport.spikingLayerNames(net) == ["layer0", "layer1"])
    }
}
