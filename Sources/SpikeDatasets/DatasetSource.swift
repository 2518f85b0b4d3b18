/// Where a dataset's official archives live and how they become the folder layout `preprocess --dataset` reads:
/// plain values, one file per dataset under Downloads/, each carried by its `DatasetDescriptor`.
public struct DatasetSource: Sendable, Equatable {
    /// The `--dataset` name (`nmnist`, `dvsgesture`, …).
    public var name: String
    public var title: String
    /// What the download weighs, as the host or the pinning library states it ("" where we found no figure).
    public var size: String
    public var licence: String
    public var citation: String
    /// The page that describes the dataset and its terms.
    public var homepage: String
    public var files: [SourceFile]
    /// Archives found inside the downloaded ones (after extraction) that are extracted in turn, e.g. the N-CARS
    /// bundle's `n-cars_train.zip`; each is verified when it has a checksum.
    public var innerArchives: [SourceFile]
    /// Names that must all be present in the finished layout's root folder; the extracted tree is searched for the
    /// one folder holding them all, which becomes the root (so an archive with an extra top folder works too).
    public var layoutMarkers: [String]
    /// What `preprocess` expects, in words (for messages and `--list`).
    public var layout: String
    /// Steps a person must take before the files can be fetched (a login, a licence form); `nil` when the files are
    /// downloaded directly. A manual dataset is installed from `--from-archive` (or from a mirror).
    public var manualSteps: [String]?

    public init(name: String, title: String, size: String, licence: String, citation: String, homepage: String,
                files: [SourceFile], innerArchives: [SourceFile] = [], layoutMarkers: [String], layout: String,
                manualSteps: [String]? = nil) {
        self.name = name
        self.title = title
        self.size = size
        self.licence = licence
        self.citation = citation
        self.homepage = homepage
        self.files = files
        self.innerArchives = innerArchives
        self.layoutMarkers = layoutMarkers
        self.layout = layout
        self.manualSteps = manualSteps
    }

    /// This source with every file fetched from `mirror/<dataset>/<file name>` instead of its official address
    /// (checksums unchanged: a mirror serves the same bytes).
    public func mirrored(at mirror: String) -> DatasetSource {
        var copy = self
        let base = mirror.hasSuffix("/") ? String(mirror.dropLast()) : mirror
        copy.files = files.map { file in
            var moved = file
            moved.url = "\(base)/\(name)/\(file.name)"
            return moved
        }
        return copy
    }
}

/// One archive of a dataset: the name it is saved under, its address, and the checksum it must have.
public struct SourceFile: Sendable, Equatable {
    public var name: String
    public var url: String
    public var checksum: Checksum?

    public init(name: String, url: String, checksum: Checksum?) {
        self.name = name
        self.url = url
        self.checksum = checksum
    }
}

/// A published digest of a file, hex-encoded lowercase.
public struct Checksum: Sendable, Equatable, CustomStringConvertible {
    public enum Algorithm: String, Sendable {
        case md5 = "MD5"
        case sha256 = "SHA-256"
    }

    public var algorithm: Algorithm
    public var hex: String

    public init(algorithm: Algorithm, hex: String) {
        self.algorithm = algorithm
        self.hex = hex.lowercased()
    }

    public static func md5(_ hex: String) -> Checksum { Checksum(algorithm: .md5, hex: hex) }
    public static func sha256(_ hex: String) -> Checksum { Checksum(algorithm: .sha256, hex: hex) }

    public var description: String { "\(algorithm.rawValue) \(hex)" }
}
