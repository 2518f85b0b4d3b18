import SpikeDatasets

/// Every dataset `spikestream download` knows, in the registry's order: the descriptors that carry a download.
public enum DatasetSources {
    public static var all: [DatasetSource] { DatasetRegistry.all.compactMap(\.download) }

    public static func named(_ name: String) -> DatasetSource? { all.first { $0.name == name } }
}
