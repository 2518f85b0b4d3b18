import Foundation
import SpikeCache
import SpikeEvents
import SpikeNet
@testable import SpikeNIR
import SpikeTestSupport
import Testing

/// Export → file → import of engine networks: the NIR values follow the documented mapping, the file reads back
/// as written, and the imported network gives the original's outputs on the same input.
@Suite("NIR export and import")
struct NIRRoundTripTests {
    static func network(_ spec: String, neuron: Neuron = .lif(LIF(decay: 0.5, threshold: 0.3, reset: .zero)),
                        rule: LearningRule = .stbp(STBP()), batchNorm: Bool = false, gain: Float = 3) throws -> Network {
        try Network(NetworkConfig(spec: spec, inputShape: [2, 8, 8], neuron: neuron, rule: rule, loss: .rateMSE,
                                  batchNorm: batchNorm, initGain: gain, seed: 7))
    }

    /// A seeded binary input `[B, T, 2, 8, 8]` with about a third of the pixels on.
    static func input(batch: Int = 3, steps: Int = 6) -> Tensor {
        var g = SplitMix64(seed: 11)
        let count = batch * steps * 128
        return Tensor(shape: [batch, steps, 2, 8, 8], data: (0..<count).map { _ in g.next() % 3 == 0 ? 1 : 0 })
    }

    static func roundTrip(_ network: Network) throws -> Network {
        let path = try RepoPaths.temporaryDirectory("nir") + "/net.nir"
        try NIRFile.write(NIRExport.graph(of: network), to: path)
        return try NIRNetwork(NIRFile.read(path: path)).makeNetwork()
    }

    @Test("a LIF MLP: Affine weights transposed to [out, in], LIF τ = dt/(1 − β), r = τ/dt, and the same spikes back")
    func mlp() throws {
        var original = try Self.network("128-12-4")
        let graph = try NIRExport.graph(of: original)
        #expect(graph.edges.map(\.from) == ["input", "flatten0", "layer0", "layer0.neurons", "layer1", "layer1.neurons"])
        let affine = graph.nodes["layer0"]!, lif = graph.nodes["layer0.neurons"]!
        #expect(affine.type == "Affine" && lif.type == "LIF")
        guard case let .floats(shape, weight)? = affine.fields["weight"], case let .floats(_, tau)? = lif.fields["tau"],
              case let .floats(_, r)? = lif.fields["r"], case let .floats(_, threshold)? = lif.fields["v_threshold"] else {
            Issue.record("fields missing")
            return
        }
        let dense = original.layers.compactMap { $0 as? Dense }[0]
        #expect(shape == [12, 128])
        #expect(weight[5 * 128 + 17] == dense.weight.value[17 * 12 + 5])
        #expect(tau.count == 12 && abs(tau[0] - 2e-4) < 1e-9 && abs(r[0] - 2) < 1e-5 && threshold[0] == 0.3)

        var imported = try Self.roundTrip(original)
        #expect(imported.config.spec == "128-12-4")
        let (a, _) = try original.forward(Self.input(), training: false)
        let (b, _) = try imported.forward(Self.input(), training: false)
        #expect(a.data.reduce(0, +) > 0)
        #expect(a.data == b.data)
    }

    @Test("a CNN with batch norm (folded into the convolution), average pooling and voting gives the same outputs back")
    func cnnWithBatchNormAndVoting() throws {
        var original = try Self.network("4C3P1-P2-3V2", batchNorm: true)
        // Non-trivial running statistics, so the fold matters.
        let statistics: [String: [Float]] = ["layer0.bn.gamma": [1.5, 0.5, 2, 1], "layer0.bn.beta": [0.1, -0.2, 0, 0.3],
                                             "layer0.bn.running_mean": [0.2, -0.1, 0.05, 0],
                                             "layer0.bn.running_var": [0.5, 2, 1, 0.25]]
        var parameters = original.parameters
        for i in parameters.indices { if let v = statistics[parameters[i].name] { parameters[i].value = v } }
        #expect(parameters.filter { statistics[$0.name] != nil }.count == 4)
        try original.load(parameters)
        let graph = try NIRExport.graph(of: original)
        #expect(graph.nodes.values.map(\.type).sorted()
            == ["AvgPool2d", "Conv2d", "Flatten", "Input", "LIF", "LIF", "Linear", "Output", "Affine"].sorted())
        var imported = try Self.roundTrip(original)
        #expect(imported.config.spec == "4C3P1-P2-3V2")
        let (a, _) = try original.forward(Self.input(), training: false)
        let (b, _) = try imported.forward(Self.input(), training: false)
        #expect(a.data.reduce(0, +) > 0)
        // The fold changes the rounding of the pre-activations by ~1e-7, which can flip a spike sitting exactly on the
        // threshold; none does on this input.
        #expect(a.data == b.data)
    }

    @Test("synaptic LIF ↔ CubaLIF: τ_mem = dt·τm, τ_syn = dt·τs, r = τm, w_in = 1, and the same PSC outputs back")
    func synaptic() throws {
        var original = try Self.network("128-10-4", neuron: .synapticLIF(SynapticLIF(tauM: 5, tauS: 3, threshold: 0.5, reset: .zero)),
                                        rule: .tssl(TSSLBP()))
        let node = try NIRExport.graph(of: original).nodes["layer0.neurons"]!
        #expect(node.type == "CubaLIF")
        guard case let .floats(_, tauMem)? = node.fields["tau_mem"], case let .floats(_, tauSyn)? = node.fields["tau_syn"],
              case let .floats(_, r)? = node.fields["r"], case let .floats(_, wIn)? = node.fields["w_in"] else {
            Issue.record("fields missing")
            return
        }
        #expect(abs(tauMem[0] - 5e-4) < 1e-9 && abs(tauSyn[0] - 3e-4) < 1e-9 && r[0] == 5 && wIn[0] == 1)
        var imported = try Self.roundTrip(original)
        let (a, _) = try original.forward(Self.input(), training: false)
        let (b, _) = try imported.forward(Self.input(), training: false)
        #expect(a.data.reduce(0, +) > 0)
        for (x, y) in zip(a.data, b.data) { #expect(abs(x - y) < 1e-5) }
    }

    @Test("IF (and LIF with decay 1) ↔ IF with r = 1, and the same spikes back")
    func integrateAndFire() throws {
        for neuron in [Neuron(IF(threshold: 0.3, reset: .zero)), .lif(LIF(decay: 1, threshold: 0.3, reset: .zero))] {
            var original = try Self.network("128-12-4", neuron: neuron)
            let node = try NIRExport.graph(of: original).nodes["layer0.neurons"]!
            #expect(node.type == "IF" && node.fields["r"] == .floats(shape: [12], values: .init(repeating: 1, count: 12)))
            var imported = try Self.roundTrip(original)
            #expect(imported.config.neuron == Neuron(IF(threshold: 0.3, reset: .zero)))
            let (a, _) = try original.forward(Self.input(), training: false)
            let (b, _) = try imported.forward(Self.input(), training: false)
            #expect(a.data.reduce(0, +) > 0 && a.data == b.data)
        }
    }

    @Test("what NIR cannot express is refused, naming the layer")
    func refusals() throws {
        func refusal(_ network: Network) -> String {
            do {
                _ = try NIRExport.graph(of: network)
                return "exported"
            } catch {
                return error.description
            }
        }
        let mt = try Self.network("128-4", neuron: .multiThreshold(MultiThresholdLIF()), rule: LearningRule(MultiThresholdRule()))
        #expect(refusal(mt) == "NIR node 'layer0.neurons' (multi-threshold LIF) is not supported: it emits up to max_spikes "
            + "spikes per step and NIR neurons emit one; there is no NIR node for spike counts.")
        let subtract = try Self.network("128-4", neuron: .lif(LIF(reset: .subtract)))
        #expect(refusal(subtract).hasPrefix("NIR node 'layer0.neurons' (LIF) is not supported: reset by subtraction"))
        let maxPool = try Self.network("4C3-MP2-4")
        #expect(refusal(maxPool).hasPrefix("NIR node 'pool2' (MaxPool) is not supported: NIR 1.0 has no max-pooling node"))
    }
}
