/// Why a dataset root could not be catalogued. Each message names the folder and the layout expected there.
public enum CatalogError: Error, CustomStringConvertible, Equatable {
    case rootNotFound(path: String)
    case rootNotDirectory(path: String)
    /// A split folder such as `ROOT/Train` is missing.
    case missingSplitFolder(root: String, folder: String)
    /// A folder inside a split folder is not a class folder `0` … `9`.
    case unexpectedClassFolder(path: String)
    /// A split folder holds no sample files in its class folders.
    case noSamples(folder: String)
    case unsupportedSplit(split: String, available: [String])
    case unreadable(path: String, reason: String)
    /// A file the dataset layout requires is missing; `expected` describes the layout.
    case missingFile(path: String, expected: String)
    /// A list or label file has a line that cannot be right (`line` is 1-based).
    case malformedFile(path: String, line: Int, reason: String)
    /// A dataset file that opens but cannot belong to the layout (wrong contents, files that disagree).
    case badArchiveFile(path: String, reason: String)
    case invalidOption(String)

    public var description: String {
        switch self {
        case .rootNotFound(let path):
            "dataset root '\(path)' does not exist. Pass the folder the dataset's archive was extracted into "
                + "(docs/DATASETS.md shows each layout)."
        case .rootNotDirectory(let path):
            "dataset root '\(path)' is a file, not a folder. Pass the folder the dataset's archive was extracted into."
        case .missingSplitFolder(let root, let folder):
            "expected the folder '\(root)/\(folder)' (N-MNIST archive layout: ROOT/\(folder)/<digit>/<index>.bin), "
                + "but it does not exist. Check that the archive was fully extracted into '\(root)'."
        case .unexpectedClassFolder(let path):
            "'\(path)' is not a class folder: N-MNIST class folders are named 0 … 9. "
                + "Move or remove it, or point the root at the extracted archive."
        case .noSamples(let folder):
            "expected \(folder)/<digit>/*.bin (or SLAYER's *.bs2) as in the N-MNIST archive, found none in "
                + "'\(folder)'. Check that the archive was fully extracted."
        case .unsupportedSplit(let split, let available):
            "the N-MNIST archive has no \(split) split; it has \(available.joined(separator: " and "))."
        case .unreadable(let path, let reason):
            "cannot list '\(path)': \(reason). Check its permissions."
        case .missingFile(let path, let expected):
            "expected '\(path)' (\(expected)), but it does not exist. Check that the archive was fully extracted."
        case .malformedFile(let path, let line, let reason):
            "'\(path)' line \(line): \(reason)."
        case .badArchiveFile(let path, let reason):
            "'\(path)': \(reason). Check that it is the dataset's own file, fully downloaded and extracted."
        case .invalidOption(let reason):
            reason
        }
    }
}
