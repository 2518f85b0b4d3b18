import ArgumentParser
import SpikeModel
import SpikeTraining

/// The data pipeline a NIR graph does not carry, for `import` and `stream --model X.nir`.
struct NIRPipelineOptions: ParsableArguments {
    @Option(help: ArgumentHelp("With a .nir model: the dataset whose recordings it reads (\(DatasetName.allCases.map(\.rawValue).joined(separator: ", "))).",
                               valueName: "name"))
    var dataset: DatasetName = .syntheticNMNIST
    @Option(name: .customLong("transform"),
            help: "With a .nir model: a deterministic event transform applied before binning (repeatable, in order).")
    var transforms: [String] = []
    @Option(help: "With a .nir model: how frames enter the network: binary (counts clipped to 1) or counts.")
    var input: NetworkSection.Input = .binary

    func pipeline(_ binning: BinningOptions) -> NIRPipeline {
        NIRPipeline(dataset: dataset, transforms: transforms, binning: binning.binning, input: input)
    }
}

extension DatasetName: ExpressibleByArgument {}
extension NetworkSection.Input: ExpressibleByArgument {}
