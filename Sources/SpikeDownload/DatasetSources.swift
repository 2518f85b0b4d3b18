/// Every dataset `spikestream download` knows, in `--list` order.
public enum DatasetSources {
    public static let all: [DatasetSource] = [
        .nmnist, .dvsgesture, .cifar10dvs, .speechcommands, .shd, .ssc, .ncaltech101, .ncars,
    ]

    public static func named(_ name: String) -> DatasetSource? { all.first { $0.name == name } }
}
