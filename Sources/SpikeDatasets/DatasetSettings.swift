import SpikeAudio
import SpikeFormats

/// The options a dataset may take besides its root (`DatasetDescriptor.settings` says which it reads).
public enum DatasetSetting: String, Sendable, CaseIterable {
    /// Fraction of each class in the training split, for a dataset without an official split.
    case trainRatio
    /// Seed of a rule-made split or of rebalancing.
    case splitSeed
    /// DVS128 address orientation of AEDAT 2.0 files.
    case orientation
    /// Speech Commands' 12- or 35-class task.
    case task
    /// Repeat training samples until the classes are balanced.
    case rebalance
    /// The audio → spikes front end and encoder.
    case audioEncoding
}

/// The values of every `DatasetSetting`, with their defaults; a dataset reads only those it declares.
public struct DatasetSettings: Sendable {
    public var root: String
    public var trainRatio: Double
    public var splitSeed: UInt64
    public var orientation: DVS128Orientation
    public var task: SpeechCommandsCatalog.Task
    public var rebalance: Bool
    public var audio: AudioEventEncoding

    public init(root: String, trainRatio: Double = 0.9, splitSeed: UInt64 = 0, orientation: DVS128Orientation = .standard,
                task: SpeechCommandsCatalog.Task = .twelve, rebalance: Bool = false,
                audio: AudioEventEncoding = AudioEventEncoding()) {
        self.root = root
        self.trainRatio = trainRatio
        self.splitSeed = splitSeed
        self.orientation = orientation
        self.task = task
        self.rebalance = rebalance
        self.audio = audio
    }
}
