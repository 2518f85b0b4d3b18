import ArgumentParser
import SpikeDatasets
import SpikeEvents
import SpikeFormats
import SpikePreprocess

/// Which dataset layout a command reads, and its per-dataset options.
struct DatasetOptions: ParsableArguments {
    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case nmnist, dvsgesture, cifar10dvs
    }

    @Option(help: """
        Dataset layout: nmnist (Train|Test/<digit>/*.bin, also the synthetic one), dvsgesture \
        (trials_to_train.txt, trials_to_test.txt, userNN_lighting.aedat + _labels.csv), cifar10dvs \
        (<class>/cifar10_<class>_<n>.aedat, 10 class folders).
        """)
    var dataset: Kind = .nmnist
    @Option(help: "Dataset root folder.") var root = "data/synthetic-nmnist"
    @Option(help: "cifar10dvs: fraction of each class in the training split (no official split exists).")
    var trainRatio = 0.9
    @Option(help: "cifar10dvs: seed of the stratified split.") var splitSeed: UInt64 = 0
    @Option(help: "DVS128 address orientation for AEDAT 2.0 files: standard (x = 127 − raw x, y = 127 − raw y, ON = 1), raw, jaer (y up), or spikingjelly (transposed).")
    var orientation: DVS128Orientation = .standard

    /// The catalog's samples, sensor, loader and the attributes that record how they were chosen.
    func resolve() throws -> (samples: [Sample], sensor: SensorSize, loader: SampleLoader, attributes: [String: String]) {
        switch dataset {
        case .nmnist:
            return (try NMNISTCatalog(root: root).samples, .nmnist, .eventFiles(sensor: .nmnist),
                    ["split_rule": "official Train/Test folders"])
        case .dvsgesture:
            return (try DVSGestureCatalog(root: root).samples, .dvs128, .eventFiles(sensor: .dvs128),
                    ["split_rule": "official trials_to_train.txt / trials_to_test.txt; samples = label windows [start, end)"])
        case .cifar10dvs:
            let split = try StratifiedSplit(trainRatio: trainRatio, seed: splitSeed)
            return (try CIFAR10DVSCatalog(root: root, split: split).samples, .dvs128,
                    .eventFiles(sensor: .dvs128, orientation: orientation),
                    ["split_rule": "stratified \(split)", "orientation": "\(orientation)"])
        }
    }
}

extension DVS128Orientation: ExpressibleByArgument {}
