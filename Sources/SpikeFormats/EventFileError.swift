/// Why an event or audio file could not be read or written. Every case names the file, and where it
/// applies the byte offset, so a user can find the bad spot with a hex viewer.
public enum EventFileError: Error, CustomStringConvertible, Equatable {
    case cannotOpen(path: String, reason: String)
    case readFailed(path: String, offset: Int64, reason: String)
    /// The file ends inside a record: `offset` is where the incomplete record starts.
    case truncatedRecord(path: String, offset: Int64, recordSize: Int, bytesLeft: Int)
    case malformed(path: String, offset: Int64, reason: String)
    case unencodable(path: String, eventIndex: Int, reason: String)
    case writeFailed(path: String, reason: String)
    /// A regular file with no bytes at all: almost always a failed copy or download.
    case emptyFile(path: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "cannot open '\(path)': \(reason). Check that the path exists and is readable."
        case .readFailed(let path, let offset, let reason):
            "reading '\(path)' failed at byte offset \(offset): \(reason)."
        case .truncatedRecord(let path, let offset, let recordSize, let bytesLeft):
            "'\(path)' is truncated: the record at byte offset \(offset) has \(bytesLeft) of its \(recordSize) bytes "
                + "(the file size must be a multiple of \(recordSize)). The file is damaged or incompletely "
                + "downloaded; re-extract it from the dataset archive."
        case .malformed(let path, let offset, let reason):
            "'\(path)' is malformed at byte offset \(offset): \(reason)."
        case .unencodable(let path, let eventIndex, let reason):
            "cannot write event \(eventIndex) to '\(path)': \(reason)."
        case .emptyFile(let path):
            "'\(path)' is empty (0 bytes); re-extract it from the dataset archive or remove it."
        case .writeFailed(let path, let reason):
            "writing '\(path)' failed: \(reason). Check free disk space and permissions."
        }
    }
}
