import Foundation
import SpikeCache
import SpikeNet
import SpikeNIR
import SpikeTestSupport
import Testing

/// Graphs and files the engine cannot run give one line naming the node and its type (or the file and why).
@Suite("NIR import errors")
struct NIRImportErrorTests {
    static func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    static func floats(_ values: [Float]) -> HDF5TreeValue { .floats(shape: [values.count], values: values) }

    /// input [1, 2, 2] → flatten → affine 4→2 → LIF → output, plus `extra` nodes and edges.
    static func graph(extraNodes: [String: NIRNode] = [:], extraEdges: [NIREdge] = []) -> NIRGraph {
        var nodes: [String: NIRNode] = [
            "input": NIRNode(type: "Input", fields: ["shape": .integers(shape: [3], values: [1, 2, 2])]),
            "flat": NIRNode(type: "Flatten", fields: ["start_dim": .integers(shape: [], values: [0]),
                                                      "end_dim": .integers(shape: [], values: [-1])]),
            "fc": NIRNode(type: "Affine", fields: ["weight": .floats(shape: [2, 4], values: [1, 0, 0, 0, 0, 1, 0, 0]),
                                                   "bias": floats([0, 0])]),
            "lif": NIRNode(type: "LIF", fields: ["tau": floats([2e-4, 2e-4]), "r": floats([2, 2]), "v_leak": floats([0, 0]),
                                                 "v_threshold": floats([1, 1]), "v_reset": floats([0, 0])]),
            "output": NIRNode(type: "Output", fields: ["shape": .integers(shape: [1], values: [2])]),
        ]
        nodes.merge(extraNodes) { $1 }
        let edges = [NIREdge("input", "flat"), NIREdge("flat", "fc"), NIREdge("fc", "lif"), NIREdge("lif", "output")]
        return NIRGraph(nodes: nodes, edges: edges + extraEdges)
    }

    @Test("a plain chain imports: spec with the input size in front, LIF β = 1 − dt/τ, weights transposed")
    func chain() throws {
        let network = try NIRNetwork(Self.graph())
        #expect(network.spec == "4-2" && network.inputShape == [1, 2, 2])
        let lif = try #require(network.neuron.model as? LIF)
        #expect(abs(lif.decay - 0.5) < 1e-6 && lif.threshold == 1 && lif.reset == .zero)
        #expect(network.parameters.first { $0.name == "layer0.weight" }?.value == [1, 0, 0, 1, 0, 0, 0, 0])
    }

    @Test("cycles, branches, nested graphs, unknown nodes and per-neuron values are refused by name")
    func graphShapes() {
        let cycle = Self.graph(extraNodes: ["rec": NIRNode(type: "Linear", fields: ["weight": .floats(shape: [2, 2], values: [1, 0, 0, 1])])],
                               extraEdges: [NIREdge("lif", "rec"), NIREdge("rec", "lif")])
        #expect(Self.message { _ = try NIRNetwork(cycle) }
            == "unsupported NIR graph: it has a cycle through 'lif' (LIF); the engine runs feed-forward chains.")
        let branch = Self.graph(extraNodes: ["other": NIRNode(type: "Output", fields: [:])], extraEdges: [NIREdge("fc", "other")])
        #expect(Self.message { _ = try NIRNetwork(branch) }
            == "NIR node 'fc' (Affine) is not supported: it branches to lif, other; the engine runs one chain.")
        let nested = Self.graph(extraNodes: ["lif": NIRNode(type: "NIRGraph", subgraph: NIRGraph())])
        #expect(Self.message { _ = try NIRNetwork(nested) }.hasPrefix("NIR node 'lif' (NIRGraph) is not supported: nested graphs"))
        let threshold = Self.graph(extraNodes: ["lif": NIRNode(type: "Threshold", fields: ["threshold": Self.floats([1, 1])])])
        #expect(Self.message { _ = try NIRNetwork(threshold) }.hasPrefix("NIR node 'lif' (Threshold) is not supported: the engine has no layer for it"))
        var mixed = Self.graph()
        mixed.nodes["lif"]!.fields["v_threshold"] = Self.floats([1, 2])
        #expect(Self.message { _ = try NIRNetwork(mixed) }
            == "NIR node 'lif' (LIF) is not supported: 'v_threshold' differs between neurons; the engine runs one value per layer.")
        var leaky = Self.graph()
        leaky.nodes["lif"]!.fields["v_leak"] = Self.floats([0.5, 0.5])
        #expect(Self.message { _ = try NIRNetwork(leaky) }
            == "NIR node 'lif' (LIF) is not supported: v_leak = 0.5; the engine's neurons leak towards 0.")
    }

    @Test("files: missing, not HDF5, HDF5 but not NIR, and a newer NIR version")
    func files() throws {
        let dir = try RepoPaths.temporaryDirectory("nir-errors")
        #expect(Self.message { _ = try NIRFile.read(path: dir + "/none.nir") } == "NIR file '\(dir)/none.nir' does not exist.")
        try "not hdf5".write(toFile: dir + "/text.nir", atomically: true, encoding: .utf8)
        #expect(Self.message { _ = try NIRFile.read(path: dir + "/text.nir") }
            == "'\(dir)/text.nir' is not a NIR graph: it is not an HDF5 file.")
        try HDF5ArrayFile(strings: ["format": "spikestream-model"]).write(to: dir + "/model.h5")
        #expect(Self.message { _ = try NIRFile.read(path: dir + "/model.h5") }.hasPrefix(
            "'\(dir)/model.h5' is not a NIR graph: it has no /version text"))
        try NIRFile.write(Self.graph(), to: dir + "/ok.nir")
        var tree = try HDF5Tree.read(path: dir + "/ok.nir")
        #expect(try NIRFile.read(path: dir + "/ok.nir") == Self.graph())
        tree.datasets["version"] = .strings(shape: [], values: ["2.0.0"])
        try tree.write(to: dir + "/new.nir")
        #expect(Self.message { _ = try NIRFile.read(path: dir + "/new.nir") }.hasPrefix(
            "'\(dir)/new.nir' was written by NIR 2.0.0; this build reads NIR 1.x graphs"))
    }
}
