import Foundation
import SpikeModel
import SpikeNet
import Testing
@testable import SpikeTraining

/// `neuron:` and `rule:` pick any registered model by `kind:` and hand its keys to the model.
struct ModelChoiceSectionTests {
    static let minimal = "name: x\ndataset: {name: nmnist}\nnetwork: {spec: 2312-10}\n"

    @Test func aRegisteredNeuronIsReadWithItsOwnKeysAndEncodesBackAsWritten() throws {
        let c = try PipelineConfig.parse(yaml: Self.minimal + "neuron: {kind: if, threshold: 0.8}\nrule: {kind: bpsa, alpha: 0.1}\n")
        #expect(c.neuron.value == Neuron(IF(threshold: 0.8)))
        #expect(c.rule.value == .bpsa(BPSA(alpha: 0.1)))
        let json = try c.json()
        #expect(json.contains(#""neuron":{"kind":"if","threshold":0.8}"#), "\(json)")
        #expect(try PipelineConfig.fromJSON(json) == c)
    }

    @Test func keysOfAnotherKindAndUnknownKindsAreRefusedByName() {
        #expect(throws: PipelineConfigError.unknownKey(key: "neuron.decay (with kind: if)", allowed: ["kind", "threshold", "reset"])) {
            try PipelineConfig.parse(yaml: Self.minimal + "neuron: {kind: if, decay: 0.5}\n")
        }
        #expect(throws: PipelineConfigError.badValue(key: "neuron.kind", value: "izhikevich",
                                                     allowed: "one of lif, synaptic_lif, multi_threshold, if")) {
            try PipelineConfig.parse(yaml: Self.minimal + "neuron: {kind: izhikevich}\n")
        }
        #expect(throws: PipelineConfigError.badValue(key: "neuron.max_spikes", value: "0", allowed: "a number in 1…255")) {
            try PipelineConfig.parse(yaml: Self.minimal + "neuron: {kind: multi_threshold, max_spikes: 0}\n")
        }
    }

    @Test func aRuleThatCannotTrainTheNeuronNamesThePairs() {
        do {
            _ = try PipelineConfig.parse(yaml: Self.minimal + "neuron: {kind: if}\nrule: {kind: tssl}\n")
            Issue.record("no error")
        } catch {
            #expect(error.description.contains("tssl cannot train if neurons; pair stbp with lif or if"), "\(error)")
        }
    }
}
