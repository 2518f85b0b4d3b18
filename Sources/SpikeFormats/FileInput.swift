#if canImport(Glibc)
import Glibc
private let posixRead = Glibc.read
#elseif canImport(Darwin)
import Darwin
private let posixRead = Darwin.read
#endif

/// A read-only file descriptor that reads sequentially into caller-owned buffers and tracks its byte offset.
/// Used by every streaming reader so that memory is bounded by the caller's buffer, never by the file size.
final class FileInput {
    let path: String
    private let fd: Int32
    /// The file size at open time, or `nil` for pipes and other unsized inputs.
    let size: Int64?
    /// Bytes consumed so far.
    private(set) var offset: Int64 = 0

    init(path: String) throws(EventFileError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: Self.errnoText()) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = Self.errnoText()
            close(fd)
            throw .cannotOpen(path: path, reason: reason)
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw .cannotOpen(path: path, reason: "it is a directory")
        }
        self.fd = fd
        self.size = (info.st_mode & S_IFMT) == S_IFREG ? Int64(info.st_size) : nil
    }

    deinit { close(fd) }

    /// Reads until `buffer` is full or the input ends; returns the number of bytes read.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(EventFileError) -> Int {
        var filled = 0
        while filled < buffer.count {
            let n = posixRead(fd, buffer.baseAddress! + filled, buffer.count - filled)
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw .readFailed(path: path, offset: offset + Int64(filled), reason: Self.errnoText())
            }
            filled += n
        }
        offset += Int64(filled)
        return filled
    }

    /// Skips `count` bytes forward.
    func skip(_ count: Int64) throws(EventFileError) {
        guard lseek(fd, off_t(count), SEEK_CUR) >= 0 else {
            throw .readFailed(path: path, offset: offset, reason: Self.errnoText())
        }
        offset += count
    }

    /// The whole file mapped into memory when it is a regular file of at most `limit` bytes (and the system
    /// agrees); reading through `read(into:)` is unaffected.
    func mapped(upTo limit: Int64) -> FileMapping? {
        guard let size, size > 0, size <= limit else { return nil }
        return FileMapping(fd: fd, size: Int(size))
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
