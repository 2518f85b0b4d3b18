/// Every dataset SpikeStream reads, one line each, in the order help text lists them. A new dataset is one
/// file declaring its `DatasetDescriptor` and one line here.
public enum DatasetRegistry {
    public static let all: [DatasetDescriptor] = [
        .nmnist,
        .dvsGesture,
        .cifar10DVS,
        .speechCommands,
        .nCaltech101,
        .nCARS,
        .shd,
        .ssc,
    ]

    public static func named(_ name: String) -> DatasetDescriptor? { all.first { $0.name == name } }

    /// The names, for help text and errors: `nmnist, dvsgesture, …`.
    public static var names: [String] { all.map(\.name) }
}
