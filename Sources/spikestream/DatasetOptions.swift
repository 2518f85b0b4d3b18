import ArgumentParser
import Foundation
import SpikeAudio
import SpikeDatasets
import SpikeEvents
import SpikeFormats

/// Which dataset a command reads, and its per-dataset options; the values and help come from `DatasetRegistry`.
struct DatasetOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Dataset layout: " + DatasetRegistry.all.map { "\($0.name) (\($0.layout))" }
                                   .joined(separator: ", ") + ".", valueName: "name"))
    var dataset: DatasetDescriptor = .nmnist
    @Option(help: "Dataset root folder.") var root = "data/synthetic-nmnist"
    @Option(help: ArgumentHelp(Self.datasets(taking: .trainRatio)
                                   + ": fraction of each class in the training split (no official split exists)."))
    var trainRatio = 0.9
    @Option(help: ArgumentHelp(Self.datasets(taking: .splitSeed) + ": seed of the stratified split or of --rebalance."))
    var splitSeed: UInt64 = 0
    @Option(help: "DVS128 address orientation for AEDAT 2.0 files: standard (x = 127 − raw x, y = 127 − raw y, ON = 1), raw, jaer (y up), or spikingjelly (transposed).")
    var orientation: DVS128Orientation = .standard
    @Option(help: ArgumentHelp(Self.datasets(taking: .task) + ": 12 (10 words + _unknown_ + _silence_) or 35 (all words)."))
    var task: SpeechCommandsCatalog.Task = .twelve
    @Flag(help: ArgumentHelp(Self.datasets(taking: .rebalance)
                                 + ": repeat training samples so every class is as large as the largest (seeded)."))
    var rebalance = false
    @OptionGroup var audio: AudioEncodingOptions

    /// The names of the datasets that read `setting`, for the help of its option.
    private static func datasets(taking setting: DatasetSetting) -> String {
        DatasetRegistry.all.filter { $0.settings.contains(setting) }.map(\.name).joined(separator: ", ")
    }

    /// The dataset's samples, loader, class names and the attributes that record how they were chosen (part of
    /// the cache key), and for audio the fixed time span every sample is binned over. Warnings go to stderr.
    func resolve() throws -> DatasetContents {
        let contents = try dataset.catalog(DatasetSettings(
            root: root, trainRatio: trainRatio, splitSeed: splitSeed, orientation: orientation, task: task,
            rebalance: rebalance, audio: dataset.settings.contains(.audioEncoding) ? try audio.encoding() : AudioEventEncoding()))
        for warning in contents.warnings {
            FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
        }
        return contents
    }
}

extension DatasetDescriptor: ExpressibleByArgument {
    public init?(argument: String) {
        guard let descriptor = DatasetRegistry.named(argument) else { return nil }
        self = descriptor
    }

    public static var allValueStrings: [String] { DatasetRegistry.names }
    public var defaultValueDescription: String { name }
}

extension SpeechCommandsCatalog.Task: ExpressibleByArgument {}

extension DVS128Orientation: ExpressibleByArgument {}
