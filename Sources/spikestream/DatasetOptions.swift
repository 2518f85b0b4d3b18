import ArgumentParser
import Foundation
import SpikeAudio
import SpikeDatasets
import SpikeEvents
import SpikeFormats
import SpikePreprocess

/// Which dataset layout a command reads, and its per-dataset options.
struct DatasetOptions: ParsableArguments {
    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case nmnist, dvsgesture, cifar10dvs, speechcommands
    }

    @Option(help: """
        Dataset layout: nmnist (Train|Test/<digit>/*.bin, also the synthetic one), dvsgesture \
        (trials_to_train.txt, trials_to_test.txt, userNN_lighting.aedat + _labels.csv), cifar10dvs \
        (<class>/cifar10_<class>_<n>.aedat, 10 class folders), speechcommands (<word>/*.wav, validation_list.txt, \
        testing_list.txt, _background_noise_/; audio → log-mel with a noise floor → delta spikes, x = mel band).
        """)
    var dataset: Kind = .nmnist
    @Option(help: "Dataset root folder.") var root = "data/synthetic-nmnist"
    @Option(help: "cifar10dvs: fraction of each class in the training split (no official split exists).")
    var trainRatio = 0.9
    @Option(help: "cifar10dvs: seed of the stratified split.") var splitSeed: UInt64 = 0
    @Option(help: "DVS128 address orientation for AEDAT 2.0 files: standard (x = 127 − raw x, y = 127 − raw y, ON = 1), raw, jaer (y up), or spikingjelly (transposed).")
    var orientation: DVS128Orientation = .standard
    @Option(help: "speechcommands: 12 (10 words + _unknown_ + _silence_) or 35 (all words).")
    var task: SpeechCommandsCatalog.Task = .twelve
    @Flag(help: "speechcommands: repeat training samples so every class is as large as the largest (seeded).")
    var rebalance = false
    @OptionGroup var audio: AudioEncodingOptions

    /// The catalog's samples, sensor, loader and the attributes that record how they were chosen (they are part
    /// of the cache key), and for audio the fixed time span every sample is binned over.
    func resolve() throws -> (samples: [Sample], sensor: SensorSize, loader: SampleLoader, attributes: [String: String],
                              span: (start: Int64, end: Int64)?) {
        switch dataset {
        case .nmnist:
            return (try NMNISTCatalog(root: root).samples, .nmnist, .eventFiles(sensor: .nmnist),
                    ["split_rule": "official Train/Test folders"], nil)
        case .dvsgesture:
            return (try DVSGestureCatalog(root: root).samples, .dvs128, .eventFiles(sensor: .dvs128),
                    ["split_rule": "official trials_to_train.txt / trials_to_test.txt; samples = label windows [start, end)"],
                    nil)
        case .cifar10dvs:
            let split = try StratifiedSplit(trainRatio: trainRatio, seed: splitSeed)
            let samples = try CIFAR10DVSCatalog(root: root, split: split).samples
            for warning in SplitCoverage.warnings(samples, classNames: CIFAR10DVSCatalog.classNames) {
                FileHandle.standardError.write(Data(("warning: \(warning): a class with n files puts round(\(trainRatio) × n) "
                    + "of them in train and the rest in test; add files or change --train-ratio\n").utf8))
            }
            return (samples, .dvs128,
                    .eventFiles(sensor: .dvs128, orientation: orientation),
                    ["split_rule": "\(split)", "orientation": "\(orientation)"], nil)
        case .speechcommands:
            let catalog = try SpeechCommandsCatalog(root: root, options: .init(task: task, rebalance: rebalance, seed: splitSeed))
            let encoding = try audio.encoding()
            let loader = SampleLoader(sensor: encoding.sensorSize, decoder: .samples { source in
                try AudioEventEncoder(encoding).events(WAVReader.read(source))
            })
            let json = String(decoding: try PreprocessCommand.sortedJSON.encode(encoding), as: UTF8.self)
            return (catalog.samples, encoding.sensorSize, loader,
                    ["split_rule": "official validation_list.txt / testing_list.txt", "task": task.rawValue,
                     "rebalance": "\(rebalance)", "audio_encoding": json], encoding.span())
        }
    }
}

extension SpeechCommandsCatalog.Task: ExpressibleByArgument {}

extension DVS128Orientation: ExpressibleByArgument {}
