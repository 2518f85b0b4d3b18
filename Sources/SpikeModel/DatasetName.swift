import SpikeDatasets

/// `dataset: name:` — which dataset a pipeline reads, and so which file format a model trained on it expects:
/// a `DatasetRegistry` name, or `synthetic-nmnist`.
public struct DatasetName: RawRepresentable, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    public let rawValue: String

    public init?(rawValue: String) {
        guard rawValue == Self.syntheticNMNIST.rawValue || DatasetRegistry.named(rawValue) != nil else { return nil }
        self.rawValue = rawValue
    }

    public init(_ descriptor: DatasetDescriptor) { rawValue = descriptor.name }

    private init(synthetic: String) { rawValue = synthetic }

    /// The embedded synthetic digits in the N-MNIST layout, generated under `root` when absent.
    public static let syntheticNMNIST = DatasetName(synthetic: "synthetic-nmnist")
    public static let nmnist = DatasetName(.nmnist)
    public static let dvsgesture = DatasetName(.dvsGesture)
    public static let cifar10dvs = DatasetName(.cifar10DVS)
    public static let speechcommands = DatasetName(.speechCommands)

    public static var allCases: [DatasetName] { DatasetRegistry.all.map(DatasetName.init) + [syntheticNMNIST] }

    /// What the dataset is (`synthetic-nmnist` is read as N-MNIST).
    public var descriptor: DatasetDescriptor {
        DatasetRegistry.named(rawValue) ?? .nmnist
    }

    public var description: String { rawValue }
}
