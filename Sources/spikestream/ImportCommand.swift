import ArgumentParser
import SpikeModel
import SpikeTraining

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn a NIR graph from another SNN tool into a model file that infer and stream run.",
        discussion: """
            NIR carries no data pipeline: give the dataset, binning and transforms the graph's input frames were \
            made with. The graph must be one chain Input → (Affine | Linear | Conv2d → LIF | IF | CubaLIF), \
            AvgPool2d, Flatten … → Output, every neuron node with the same values (the engine runs one neuron model \
            per network); anything else is refused with the node's name and type. See docs/INTEROP.md.
            """)

    @Argument(help: "NIR graph (.nir, as nir.write / snnTorch's export_to_nir write it).") var graph: String
    @Option(help: ArgumentHelp("Model file to write.", valueName: "model.h5")) var out: String
    @OptionGroup var pipeline: NIRPipelineOptions
    @OptionGroup var binning: BinningOptions

    func run() throws {
        let checkpoint = try ModelCheckpoint.importing(nir: graph, pipeline: pipeline.pipeline(binning))
        try checkpoint.write(to: out)
        print("wrote \(out): \(checkpoint.network.spec) on \(checkpoint.network.inputShape), "
              + "\(checkpoint.network.neuron.kind) neurons, \(checkpoint.classCount) classes")
    }
}
