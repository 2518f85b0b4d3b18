import Foundation
import Testing
@testable import SpikeNet

/// The open seam: neurons, rules and surrogates are registered types; checkpoints keep the JSON they always had;
/// a model added with one file and one registry line (`IF`) runs and trains through the generic loops.
struct NeuronRuleSeamTests {
    /// The checkpoint JSON written by the engine before the seam (closed enums), copied from its output.
    static let savedJSON: [(String, Neuron?, LearningRule?)] = [
        (#"{"lif":{"_0":{"decay":0.9,"reset":"subtract","threshold":0.5}}}"#, .lif(LIF(decay: 0.9, threshold: 0.5, reset: .subtract)), nil),
        (#"{"synapticLIF":{"_0":{"reset":"subtract","tauM":5,"tauS":3,"threshold":1}}}"#, .synapticLIF(SynapticLIF()), nil),
        (#"{"multiThreshold":{"_0":{"maxSpikes":15,"tauM":10,"threshold":10}}}"#, .multiThreshold(MultiThresholdLIF()), nil),
        (#"{"stbp":{"_0":{"detachReset":false,"surrogate":{"rectangular":{"width":1}}}}}"#, nil, .stbp(STBP())),
        (#"{"stbp":{"_0":{"detachReset":true,"surrogate":{"triangular":{"a":2}}}}}"#, nil,
         .stbp(STBP(surrogate: .triangular(a: 2), detachReset: true))),
        (#"{"stbp":{"_0":{"detachReset":false,"surrogate":{"sigmoid":{"a":0.3}}}}}"#, nil, .stbp(STBP(surrogate: .sigmoid(a: 0.3)))),
        (#"{"stbp":{"_0":{"detachReset":false,"surrogate":{"gaussian":{"variance":0.4}}}}}"#, nil,
         .stbp(STBP(surrogate: .gaussian(variance: 0.4)))),
        (#"{"bpsa":{"_0":{"alpha":0.2,"warmUp":true,"warmUpWidth":0.2}}}"#, nil, .bpsa(BPSA())),
        (#"{"tssl":{"_0":{"clampTimeDerivative":true,"warmUp":true,"warmUpWidth":0.2}}}"#, nil, .tssl(TSSLBP(clampTimeDerivative: true))),
        (#"{"multiThreshold":{"_0":{"alphaH":1,"alphaW":20,"curve":"f3"}}}"#, nil, .multiThreshold(MultiThresholdRule(curve: .f3))),
    ]

    @Test(arguments: Self.savedJSON.indices)
    func checkpointJSONIsUnchanged(_ i: Int) throws {
        let (json, neuron, rule) = Self.savedJSON[i]
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        if let neuron {
            #expect(String(decoding: try encoder.encode(neuron), as: UTF8.self) == json)
            #expect(try JSONDecoder().decode(Neuron.self, from: Data(json.utf8)) == neuron)
        }
        if let rule {
            #expect(String(decoding: try encoder.encode(rule), as: UTF8.self) == (Self.writtenSince[i] ?? json))
            #expect(try JSONDecoder().decode(LearningRule.self, from: Data(json.utf8)) == rule)
        }
    }

    /// Rules that gained options (TSSL-BP's leak and warm-up modes, multi-threshold's training) write them now; the
    /// JSON above still decodes, to the rule as it was trained.
    static let writtenSince: [Int: String] = [
        8: #"{"tssl":{"_0":{"clampTimeDerivative":true,"leak":false,"warmUp":"per_element","warmUpRate":0.05,"warmUpWidth":0.2}}}"#,
        9: #"{"multiThreshold":{"_0":{"alphaH":1,"alphaW":20,"curve":"f3","training":"paper"}}}"#,
    ]

    @Test func anUnknownModelInACheckpointIsAnError() {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Neuron.self, from: Data(#"{"izhikevich":{"_0":{}}}"#.utf8)) }
    }

    @Test func registriesNameEachModelOnce() {
        let neuronKinds = Neuron.registry.map { $0.kind }, ruleKinds = LearningRule.registry.map { $0.kind }
        #expect(Set(neuronKinds).count == neuronKinds.count && Set(ruleKinds).count == ruleKinds.count)
        #expect(Set(Neuron.registry.map { $0.checkpointKey }).count == neuronKinds.count)
        for rule in LearningRule.registry { #expect(Neuron.registry.contains { rule.trains($0) }, "\(rule.kind) trains nothing") }
        #expect(LearningRule.pairings == "stbp with lif or if, bpsa with lif or if, tssl with synaptic_lif, "
                + "multi_threshold with multi_threshold")
    }

    func run(_ neuron: Neuron, _ input: [Float]) throws -> (SpikingLayer, Tensor) {
        var layer = try SpikingLayer(neuron: neuron, rule: .stbp(STBP()))
        let out = layer.forward(Tensor(shape: [input.count, 1], data: input), RunContext(timeSteps: input.count, batch: 1, training: true))
        return (layer, out)
    }

    @Test func integrateAndFireByHand() throws {
        // Vth 1, no leak. Hard reset: u = 0.6, 1.2 (spike → 0), 0.6, 2.1 (spike → 0), −0.2.
        let (hard, hardOut) = try run(Neuron(IF()), [0.6, 0.6, 0.6, 1.5, -0.2])
        #expect(hardOut.data == [0, 1, 0, 1, 0])
        #expect(zip(hard.membrane, [0.6, 1.2, 0.6, 2.1, -0.2] as [Float]).allSatisfy { abs($0 - $1) < 1e-6 }, "\(hard.membrane)")
        // Soft reset: u = 0.6, 1.2 (spike → 0.2), 0.8, 2.3 (spike → 1.3), 1.1 (spike).
        let (soft, softOut) = try run(Neuron(IF(reset: .subtract)), [0.6, 0.6, 0.6, 1.5, -0.2])
        #expect(softOut.data == [0, 1, 0, 1, 1])
        #expect(zip(soft.membrane, [0.6, 1.2, 0.8, 2.3, 1.1] as [Float]).allSatisfy { abs($0 - $1) < 1e-6 }, "\(soft.membrane)")
    }

    /// IF trains through the generic STBP and BPSA loops exactly as LIF with decay 1 (same bits).
    @Test(arguments: [LearningRule.stbp(STBP(surrogate: .sigmoid(a: 0.5))), .bpsa(BPSA())])
    func integrateAndFireTrainsAsLIFWithoutLeak(_ rule: LearningRule) throws {
        func gradients(_ neuron: Neuron) throws -> [[Float]] {
            var net = try Network(NetworkConfig(spec: "4C3-P2-10", inputShape: [2, 8, 8], neuron: neuron, rule: rule,
                                                loss: .rateMSE, initGain: 3, seed: 5))
            let x = Tensor(shape: [2, 6, 2, 8, 8], data: (0..<1536).map { Float(($0 &* 2_654_435_761 >> 7) % 5 == 0 ? 1 : 0) })
            _ = try net.accumulateGradients(x, labels: [3, 7])
            return net.parameters.map(\.grad)
        }
        let viaIF = try gradients(Neuron(IF(threshold: 0.7, reset: .subtract)))
        #expect(viaIF.contains { $0.contains { $0 != 0 } })
        #expect(viaIF == (try gradients(.lif(LIF(decay: 1, threshold: 0.7, reset: .subtract)))))
    }

    @Test func rulesRefuseNeuronsTheyCannotTrain() {
        #expect(throws: SpikeNetError.incompatible(rule: "tssl-bp", neuron: "if")) {
            try SpikingLayer(neuron: Neuron(IF()), rule: .tssl(TSSLBP()))
        }
        #expect(throws: SpikeNetError.incompatible(rule: "stbp", neuron: "synaptic-lif")) {
            try SpikingLayer(neuron: .synapticLIF(SynapticLIF()), rule: .stbp(STBP()))
        }
    }
}
