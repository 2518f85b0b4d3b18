/// Why a `.npz` archive (NumPy's zip of `.npy` arrays) could not be read or written, naming the file and, where
/// there is one, the array and the byte offset.
public enum NumPyArchiveError: Error, Equatable, CustomStringConvertible {
    case io(path: String, reason: String)
    /// Not a zip archive, or its directory is damaged.
    case notArchive(path: String, offset: Int, reason: String)
    /// A member is compressed (`numpy.savez_compressed`); only stored members are read.
    case compressed(path: String, member: String)
    case badArray(path: String, member: String, offset: Int, reason: String)

    public var description: String {
        switch self {
        case let .io(path, reason):
            "cannot read or write '\(path)': \(reason)"
        case let .notArchive(path, offset, reason):
            "'\(path)' is not a NumPy .npz archive (a zip of .npy arrays): \(reason) at byte \(offset)"
        case let .compressed(path, member):
            "'\(path)': member '\(member)' is compressed; save the arrays with numpy.savez (not savez_compressed)"
        case let .badArray(path, member, offset, reason):
            "'\(path)': array '\(member)' (at byte \(offset)) \(reason)"
        }
    }
}
