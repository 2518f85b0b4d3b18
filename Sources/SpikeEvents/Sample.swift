/// Which part of a dataset a sample belongs to. Raw values are the cache's `/splits` codes.
public enum Split: UInt8, Codable, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case train = 0
    case test = 1
    case validation = 2

    public var description: String {
        switch self {
        case .train: "train"
        case .test: "test"
        case .validation: "validation"
        }
    }
}

/// Where a sample's events come from: a whole file, the events of a file with `start ≤ t < end` (µs), or row
/// `index` of a file holding one sample per row (SHD/SSC's HDF5).
public enum SampleSource: Hashable, Codable, Sendable {
    case file(path: String)
    case segment(path: String, start: Int64, end: Int64)
    case row(path: String, index: Int)

    public var path: String {
        switch self {
        case .file(let path), .segment(let path, _, _), .row(let path, _): path
        }
    }
}

/// One labelled sample of a dataset. `id` is stable across runs: the source path relative to the dataset
/// root, plus the segment for segmented recordings.
public struct Sample: Hashable, Codable, Sendable {
    public var id: String
    public var label: Int
    public var split: Split
    public var source: SampleSource

    public init(id: String, label: Int, split: Split, source: SampleSource) {
        self.id = id
        self.label = label
        self.split = split
        self.source = source
    }
}
