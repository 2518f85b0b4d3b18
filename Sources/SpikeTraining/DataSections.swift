import SpikeAudio
import SpikeDatasets
import SpikeFormats
import SpikeModel
import SpikePreprocess

/// `dataset:` — which recordings, where, and how the split is made.
public struct DatasetSection: Sendable, Codable, Hashable {
    public typealias Name = DatasetName

    public var name: Name
    public var root: String
    /// A dataset without an official split (cifar10dvs, ncaltech101): fraction of each class in the training split.
    public var trainRatio: Double?
    /// Seed of a stratified split (cifar10dvs, ncaltech101) or of speechcommands' rebalancing.
    public var splitSeed: UInt64?
    /// cifar10dvs: DVS128 address orientation of the AEDAT 2.0 files.
    public var orientation: DVS128Orientation?
    /// speechcommands: 12 or 35 classes.
    public var task: SpeechCommandsCatalog.Task?
    /// speechcommands: repeat training samples until the classes are balanced.
    public var rebalance: Bool?
    /// speechcommands: noise floors of the log-mel front end in dB (under each clip's loudest value; absolute).
    public var noiseFloorDB: Double?
    public var absoluteFloorDB: Double?
    /// speechcommands: delta or cumulative-delta spikes, their threshold in dB (one, or one per mel band) and
    /// the most events of a band in a frame (0 = no limit).
    public var spikeEncoding: AudioSpikeEncoder?
    public var thresholdDB: Double?
    public var channelThresholdsDB: [Double]?
    public var maxEventsPerFrame: Int?
    /// speechcommands: highest frequency of the mel bands (Hz).
    public var melMaxHz: Double?
    /// synthetic-nmnist: samples per digit and generator seed.
    public var trainPerClass: Int?
    public var testPerClass: Int?
    public var generatorSeed: UInt64?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, root, orientation, task, rebalance
        case trainRatio = "train_ratio", splitSeed = "split_seed", trainPerClass = "train_per_class"
        case testPerClass = "test_per_class", generatorSeed = "generator_seed"
        case noiseFloorDB = "noise_floor_db", absoluteFloorDB = "absolute_floor_db", spikeEncoding = "spike_encoding"
        case thresholdDB = "threshold_db", channelThresholdsDB = "channel_thresholds_db"
        case maxEventsPerFrame = "max_events_per_frame", melMaxHz = "mel_max_hz"
    }

    /// The keys each dataset accepts besides `name` and `root`: those of its descriptor's settings.
    static func extraKeys(_ name: Name) -> [CodingKeys] {
        guard name != .syntheticNMNIST else { return [.trainPerClass, .testPerClass, .generatorSeed] }
        return name.descriptor.settings.flatMap { setting -> [CodingKeys] in
            switch setting {
            case .trainRatio: [.trainRatio]
            case .splitSeed: [.splitSeed]
            case .orientation: [.orientation]
            case .task: [.task]
            case .rebalance: [.rebalance]
            case .audioEncoding: [.noiseFloorDB, .absoluteFloorDB, .spikeEncoding, .thresholdDB, .channelThresholdsDB,
                                  .maxEventsPerFrame, .melMaxHz]
            }
        }
    }

    public init(name: Name, root: String? = nil) {
        self.name = name
        self.root = root ?? "data/\(name.rawValue)"
    }

    public init(from decoder: any Decoder) throws {
        let c = try ConfigSection(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        guard let name = try c.choice(CodingKeys.name.rawValue, Name.self) else {
            throw PipelineConfigError.missingKey(key: c.qualified("name"))
        }
        try c.only(([.name, .root] + Self.extraKeys(name)).map(\.rawValue), because: "name: \(name.rawValue)")
        self.init(name: name, root: try c.optional("root", String.self, expected: "a folder path"))
        trainRatio = try c.number("train_ratio", Double.self, allowed: "in (0, 1)") { $0 > 0 && $0 < 1 }
        splitSeed = try c.optional("split_seed", UInt64.self, expected: "a non-negative integer")
        orientation = try c.choice("orientation", DVS128Orientation.self)
        task = try c.choice("task", SpeechCommandsCatalog.Task.self)
        rebalance = try c.optional("rebalance", Bool.self, expected: "true or false")
        trainPerClass = try c.number("train_per_class", Int.self, allowed: "≥ 1") { $0 >= 1 }
        testPerClass = try c.number("test_per_class", Int.self, allowed: "≥ 1") { $0 >= 1 }
        generatorSeed = try c.optional("generator_seed", UInt64.self, expected: "a non-negative integer")
        noiseFloorDB = try c.number("noise_floor_db", Double.self, allowed: "≥ 0") { $0 >= 0 }
        absoluteFloorDB = try c.optional("absolute_floor_db", Double.self, expected: "a number (dB)")
        spikeEncoding = try c.choice("spike_encoding", AudioSpikeEncoder.self)
        thresholdDB = try c.number("threshold_db", Double.self, allowed: "> 0") { $0 > 0 }
        channelThresholdsDB = try c.optional("channel_thresholds_db", [Double].self, expected: "a list of numbers > 0 (dB)")
        maxEventsPerFrame = try c.number("max_events_per_frame", Int.self, allowed: "≥ 0") { $0 >= 0 }
        melMaxHz = try c.number("mel_max_hz", Double.self, allowed: "in (20, 8000] (Hz)") { $0 > 20 && $0 <= 8000 }
    }
}

/// `cache:` — where the preprocessed frames live and how they are built and read.
public struct CacheSection: Sendable, Codable, Hashable {
    /// Cache file (default: `ROOT.<binning>.h5`, as `preprocess` names it).
    public var path: String?
    /// zstd level 1–19.
    public var level: Int32?
    /// Parallel preprocess workers (default: all cores).
    public var workers: Int?
    /// Preprocess policy for a bad sample.
    public var onError: SampleErrorPolicy?
    /// Parallel cache readers while training.
    public var readers: Int?
    /// Batches prepared ahead of the trainer.
    public var prefetch: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case path, level, workers, readers, prefetch
        case onError = "on_error"
    }

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try ConfigSection(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        path = try c.optional("path", String.self, expected: "a file path")
        level = try c.number("level", Int32.self, allowed: "in 1…19") { (1...19).contains($0) }
        workers = try c.number("workers", Int.self, allowed: "≥ 1") { $0 >= 1 }
        onError = try c.choice("on_error", SampleErrorPolicy.self)
        readers = try c.number("readers", Int.self, allowed: "≥ 1") { $0 >= 1 }
        prefetch = try c.number("prefetch", Int.self, allowed: "≥ 1") { $0 >= 1 }
    }
}
