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
    /// The file ends at `offset` inside `expected` (a header, a chunk header, a chunk's body).
    case truncated(path: String, offset: Int64, expected: String)
    /// A RIFF/WAVE file lacks a chunk it needs (`fmt `, `data`) where a reader can use it.
    case missingChunk(path: String, chunk: String, offset: Int64, reason: String)
    /// A WAV `fmt ` chunk describes audio the reader does not decode (format tag, bit depth, channels, rate).
    case unsupportedAudio(path: String, offset: Int64, reason: String)

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
        case .truncated(let path, let offset, let expected):
            "'\(path)' ends at byte offset \(offset) inside \(expected). The file is damaged or incompletely "
                + "downloaded; re-extract it from the dataset archive."
        case .missingChunk(let path, let chunk, let offset, let reason):
            "'\(path)' has no usable '\(chunk)' chunk (searched up to byte offset \(offset)): \(reason). "
                + "A RIFF/WAVE file needs 'fmt ' before 'data'; re-export it with a standard tool (e.g. sox, ffmpeg)."
        case .unsupportedAudio(let path, let offset, let reason):
            "'\(path)' has a 'fmt ' chunk at byte offset \(offset) that this reader cannot decode: \(reason). "
                + "Supported: PCM 8/16/24/32-bit integer and 32/64-bit float (plain or WAVE_FORMAT_EXTENSIBLE); "
                + "convert the file, e.g. `sox in.wav -b 16 out.wav`."
        }
    }
}
