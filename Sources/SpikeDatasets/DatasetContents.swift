import SpikeEvents

/// A dataset's samples as `DatasetDescriptor.catalog` lists them.
public struct DatasetContents: Sendable {
    public var samples: [Sample]
    /// Class names in label order, as this listing uses them.
    public var classNames: [String]
    /// How the samples' files become events (its `sensor` is the frames' geometry before any transform).
    public var loader: SampleLoader
    /// The choices that change the contents (split rule, orientation, …): cache attributes and part of its key.
    public var attributes: [String: String]
    /// For audio: the fixed time span (µs) every sample is binned over instead of first…last event.
    public var span: (start: Int64, end: Int64)?
    /// Things the user should hear before preprocessing (e.g. a split that lacks classes).
    public var warnings: [String]

    public init(samples: [Sample], classNames: [String], loader: SampleLoader, attributes: [String: String],
                span: (start: Int64, end: Int64)? = nil, warnings: [String] = []) {
        self.samples = samples
        self.classNames = classNames
        self.loader = loader
        self.attributes = attributes
        self.span = span
        self.warnings = warnings
    }
}
