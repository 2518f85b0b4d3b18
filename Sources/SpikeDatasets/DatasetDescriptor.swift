import SpikeEvents
import SpikeTransforms

/// Everything SpikeStream knows about one dataset: its name on the command line and in a pipeline's `dataset:`
/// section, sensor, class names in label order, folder layout, official split, default binning, the format its
/// recordings stream in, which options it takes, and how to list its samples. One descriptor per dataset, in its
/// own file, and one line in `DatasetRegistry.all`: every CLI option, YAML key, help text and default is derived
/// from these (docs/ARCHITECTURE.md, "Adding a dataset").
public struct DatasetDescriptor: Sendable {
    /// The `--dataset` value and the `dataset: name:` key, e.g. `nmnist`.
    public let name: String
    /// The dataset's own name, e.g. `N-MNIST`.
    public let title: String
    /// The folder layout `--root` must hold, in one line (help text and docs).
    public let layout: String
    /// The sensor of its recordings (for audio: that of the default encoding). `sensorSize.polarities` is the
    /// number of polarities.
    public let sensorSize: SensorSize
    /// Class names in label order (label k is `classNames[k]`). A dataset whose classes depend on its options
    /// (Speech Commands' 35-word task) lists those of its default; `DatasetContents.classNames` is exact.
    public let classNames: [String]
    /// How train and test are chosen: the official split, or the rule used where none exists.
    public let splitRule: String
    /// The binning `preprocess` uses when no `--time-bins`/`--event-bins`/`--time-window`/`--event-count` is given.
    public let defaultSlicing: FrameBinning.Slicing
    /// The `stream --format` value its recordings use (what a model trained on it expects to be streamed), or
    /// `nil` where a recording is no stream (samples stored as rows of one archive file).
    public let streamFormat: String?
    /// The options it takes besides `--root`, in the order help and errors list them.
    public let settings: [DatasetSetting]
    /// A hint `preprocess` adds when samples come out empty (why that can happen with this dataset), if any.
    public let emptySampleHint: String?
    /// Where its official archives are published, their checksums and how they unpack into `layout`
    /// (`spikestream download`; one value per dataset in Downloads/), or nil where we know of no download.
    public let download: DatasetSource?
    private let listing: @Sendable (DatasetSettings) throws -> DatasetContents

    public init(name: String, title: String, layout: String, sensorSize: SensorSize, classNames: [String],
                splitRule: String, defaultSlicing: FrameBinning.Slicing = .nTimeBins(16), streamFormat: String?,
                settings: [DatasetSetting] = [], emptySampleHint: String? = nil, download: DatasetSource? = nil,
                catalog: @escaping @Sendable (DatasetSettings) throws -> DatasetContents) {
        self.name = name
        self.title = title
        self.layout = layout
        self.sensorSize = sensorSize
        self.classNames = classNames
        self.splitRule = splitRule
        self.defaultSlicing = defaultSlicing
        self.streamFormat = streamFormat
        self.settings = settings
        self.emptySampleHint = emptySampleHint
        self.download = download
        listing = catalog
    }

    /// The samples under `settings.root`, with how to decode them and what the cache records of the choices.
    public func catalog(_ settings: DatasetSettings) throws -> DatasetContents { try listing(settings) }
}
