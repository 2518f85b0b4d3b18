import Foundation
import Testing
@testable import SpikeNet

/// Neuron dynamics pinned by traces computed by hand (values in the comments).
struct NeuronTraceTests {
    func run(_ neuron: Neuron, _ rule: LearningRule, _ input: [Float]) throws -> (SpikingLayer, Tensor) {
        var layer = try SpikingLayer(neuron: neuron, rule: rule)
        let out = layer.forward(Tensor(shape: [input.count, 1], data: input), RunContext(timeSteps: input.count, batch: 1, training: true))
        return (layer, out)
    }

    @Test func lifResetToZero() throws {
        // decay 0.5, Vth 1: u = 0.6, 0.3+0.6 = 0.9, 0.45+0.6 = 1.05 (spike, reset to 0), 0+2.0 = 2.0 (spike)
        let (layer, out) = try run(.lif(LIF(decay: 0.5, threshold: 1, reset: .zero)), .stbp(STBP()), [0.6, 0.6, 0.6, 2.0])
        #expect(out.data == [0, 0, 1, 1])
        #expect(zip(layer.membrane, [0.6, 0.9, 1.05, 2.0] as [Float]).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test func lifResetBySubtraction() throws {
        // as above, but after the spike at t=2 u keeps 1.05 − 1 = 0.05: u3 = 0.025 + 2.0
        let (layer, _) = try run(.lif(LIF(decay: 0.5, threshold: 1, reset: .subtract)), .bpsa(BPSA()), [0.6, 0.6, 0.6, 2.0])
        #expect(abs(layer.membrane[3] - 2.025) < 1e-6)
    }

    @Test func multiThresholdFloorClampAndReset() throws {
        // τm 2 (decay 0.5), Vth 1, S_max 3: u 2.5 → 2 spikes, keeps 0.5; u 0.25+0.2 = 0.45 → 0;
        // u 0.225+5 = 5.225 → floor 5 clamped to 3
        let n = MultiThresholdLIF(tauM: 2, threshold: 1, maxSpikes: 3)
        let (layer, out) = try run(.multiThreshold(n), .multiThreshold(MultiThresholdRule()), [2.5, 0.2, 5.0])
        #expect(out.data == [2, 0, 3])
        #expect(zip(layer.membrane, [2.5, 0.45, 5.225] as [Float]).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test func synapticLIFOutputsPSC() throws {
        // τm 2, τs 2, Vth 1: u 1.5 spikes (keeps 0.5); u 0.25, 0.125 silent. PSC a = s/τs + (1 − 1/τs)·a:
        // 0.5, 0.25, 0.125
        let (layer, out) = try run(.synapticLIF(SynapticLIF(tauM: 2, tauS: 2, threshold: 1)), .tssl(TSSLBP()), [1.5, 0, 0])
        #expect(out.data == [0.5, 0.25, 0.125])
        #expect(layer.spikes == [1, 0, 0])
    }

    func bpsaInputGradient(_ input: [Float], warmUp: Bool) throws -> [Float] {
        var (layer, _) = try run(.lif(LIF(decay: 0.5, threshold: 1)), .bpsa(BPSA(alpha: 0.2, warmUp: warmUp)), input)
        let context = RunContext(timeSteps: input.count, batch: 1, training: true)
        let ones = Tensor(shape: [input.count, 1], data: input.map { _ in 1 })
        let gradient = layer.backward(LayerGradient(signal: ones), context, needInput: true)
        return try #require(gradient).signal.data
    }

    @Test func bpsaWarmUpGivesSilentNeuronsASigmoidSurrogate() throws {
        // Silent neuron: u = 0.4, 0.2+0.4 = 0.6 (Vth 1). Sigmoid′ at temperature 0.2: h(0.6) = e^−2/(0.2·(1+e^−2)²)
        // = 0.524965, h(0.4) = e^−3/(0.2·(1+e^−3)²) = 0.225883. ∂L/∂s = 1 at both steps:
        // g1 = h(0.6); g0 = h(0.4) + 0.5·g1·(1 + 0.2·h(0.4)) = 0.500224. Without warm-up Eq. 9 gives 0 everywhere.
        let warm = try bpsaInputGradient([0.4, 0.4], warmUp: true)
        #expect(abs(warm[1] - 0.524965) < 1e-5 && abs(warm[0] - 0.500224) < 1e-5, "\(warm)")
        #expect(try bpsaInputGradient([0.4, 0.4], warmUp: false) == [0, 0])
        // A neuron that fires (t = 2, 3) keeps Eq. 9–10 exactly.
        let firing: [Float] = [0.6, 0.6, 0.6, 2.0]
        #expect(try bpsaInputGradient(firing, warmUp: true) == (try bpsaInputGradient(firing, warmUp: false)))
    }

    @Test func bpsaConfigsFromBeforeTheWarmUpDecodeWithoutIt() throws {
        let old = try JSONDecoder().decode(BPSA.self, from: Data(#"{"alpha":0.3}"#.utf8))
        #expect(old == BPSA(alpha: 0.3, warmUp: false))
        let current = BPSA(alpha: 0.1, warmUp: true, warmUpWidth: 0.5)
        #expect(try JSONDecoder().decode(BPSA.self, from: JSONEncoder().encode(current)) == current)
    }

    @Test func incompatiblePairsAreRejected() {
        #expect(throws: SpikeNetError.incompatible(rule: "tssl-bp", neuron: "lif")) {
            try SpikingLayer(neuron: .lif(LIF()), rule: .tssl(TSSLBP()))
        }
    }

    @Test func surrogatesIntegrateToOne() {
        let curves: [Surrogate] = [.rectangular(width: 0.7), .triangular(a: 2), .sigmoid(a: 0.3), .gaussian(variance: 0.4)]
        for s in curves {
            var area: Double = 0
            let du: Float = 1e-3
            for i in -20_000...20_000 { area += Double(s.derivative(0.5 + Float(i) * du, threshold: 0.5) * du) }
            #expect(abs(area - 1) < 2e-3, "\(s) integrates to \(area)")
        }
    }
}
