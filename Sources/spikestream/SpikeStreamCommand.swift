import ArgumentParser

@main
struct SpikeStreamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spikestream",
        abstract: "Neuromorphic recordings → training-ready tensors (HDF5 cache) for spiking neural networks.",
        discussion: """
            Event convention for every dataset: x = column, y = row, origin top-left, p = 1 means ON (brighter); \
            timestamps are microseconds from the start of the recording.
            """,
        version: SpikeStreamVersion.string,
        subcommands: [DemoCommand.self, SynthCommand.self, DownloadCommand.self, PreprocessCommand.self, MergeCommand.self,
                      InspectCommand.self, TrainCommand.self, InferCommand.self, StreamCommand.self, ExportCommand.self,
                      ImportCommand.self, RenderCommand.self,
                      GradCommand.self, BenchCommand.self] + torchCommands)

    static func main() async {
        MallocTuning.apply()
        await main(nil)
    }
}

/// The torch backend's diagnostic command, where the build has the backend.
#if SPIKESTREAM_TORCH
let torchCommands: [any ParsableCommand.Type] = [TorchCheckCommand.self]
#else
let torchCommands: [any ParsableCommand.Type] = []
#endif

enum SpikeStreamVersion {
    static let string = "0.1.0"
}
