import ArgumentParser
import SpikeModel
import SpikeNIR

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a trained model as a NIR graph (Neuromorphic Intermediate Representation) for other SNN tools.",
        discussion: """
            The graph is a chain input → Affine / Conv2d (batch norm folded in) / AvgPool2d / Flatten and one \
            neuron node per spiking layer → output, in the HDF5 layout `nir.read` reads (NIR 1.0). Neurons follow \
            snnTorch's discrete-time mapping: dt = 1e-4 s, τ = dt/(1 − β), r = τ/dt, v_leak = 0, reset to 0 \
            (LIF → LIF, IF → IF, synaptic LIF → CubaLIF); a voting layer becomes a Linear that averages each \
            class's voters. Refused, naming the layer: multi-threshold neurons (spike counts), reset by subtraction, \
            max pooling. See docs/INTEROP.md.
            """)

    @Argument(help: "Model file written by `train`.") var model: String
    @Option(help: ArgumentHelp("Where to write the NIR graph.", valueName: "out.nir")) var nir: String

    func run() throws {
        guard !ModelCheckpoint.isNIR(path: model) else {
            throw ValidationError("'\(model)' is a NIR graph already; export takes a model file written by `train` or `import`")
        }
        let network = try ModelCheckpoint.read(path: model).makeNetwork()
        let graph = try NIRExport.graph(of: network)
        try NIRFile.write(graph, to: nir)
        print("wrote \(nir): \(graph.nodes.count) NIR nodes (\(network.config.spec), \(network.config.neuron.kind) neurons)")
    }
}
