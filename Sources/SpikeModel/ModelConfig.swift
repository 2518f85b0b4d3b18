import SpikeFormats
import SpikeTransforms

/// What a trained model needs of the pipeline it was trained with to run on new recordings: the dataset it read
/// (so the file format and orientation to expect), the pre-cache transforms and binning that made its frames, and
/// its network section. Read from the pipeline's JSON in a model file, skipping the keys only training reads.
public struct ModelConfig: Sendable, Hashable, Decodable {
    /// `dataset:` as a model sees it.
    public struct Dataset: Sendable, Hashable, Decodable {
        public var name: DatasetName
        /// cifar10dvs: DVS128 address orientation of the AEDAT 2.0 files.
        public var orientation: DVS128Orientation?

        public init(name: DatasetName, orientation: DVS128Orientation? = nil) {
            self.name = name
            self.orientation = orientation
        }
    }

    public var dataset: Dataset
    /// Deterministic event transforms before binning (`preprocess --transform` specs).
    public var transforms: [String]
    public var binning: BinningSection
    public var network: NetworkSection

    public init(dataset: Dataset, transforms: [String], binning: BinningSection, network: NetworkSection) {
        self.dataset = dataset
        self.transforms = transforms
        self.binning = binning
        self.network = network
    }

    /// Reads the model's part of a pipeline's JSON (a model file's `config` attribute).
    public init(json: String) throws(PipelineConfigError) {
        self = try PipelineConfigError.decodeJSON(ModelConfig.self, from: json)
    }

    /// The pre-cache transforms (deterministic only).
    public var preCacheTransforms: PreCacheTransforms {
        get throws(PipelineConfigError) {
            do { return try PreCacheTransforms(specs: transforms) } catch {
                throw .invalid(key: "transforms", reason: error.description)
            }
        }
    }
}
