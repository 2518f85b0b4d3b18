#if canImport(Glibc)
import Glibc
private let posixWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let posixWrite = Darwin.write
#endif

/// A buffered, write-only file that creates or truncates its path; `finish()` flushes, fsyncs and closes it.
final class FileOutput {
    let path: String
    private var fd: Int32
    private var buffer: [UInt8] = []
    private let capacity: Int

    init(path: String, bufferBytes: Int = 1 << 20) throws(EventFileError) {
        self.path = path
        capacity = bufferBytes
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: FileInput.errnoText()) }
        buffer.reserveCapacity(bufferBytes)
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Appends bytes through `body`, which writes into a reserved region of `count` bytes.
    func append(count: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Void) throws(EventFileError) {
        if buffer.count + count > capacity { try flush() }
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: count))
        buffer.withUnsafeMutableBufferPointer { body($0.baseAddress! + start) }
    }

    func append(_ bytes: some Collection<UInt8>) throws(EventFileError) {
        if buffer.count + bytes.count > capacity { try flush() }
        buffer.append(contentsOf: bytes)
    }

    func flush() throws(EventFileError) {
        var written = 0
        while written < buffer.count {
            let n = buffer.withUnsafeBytes { posixWrite(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .writeFailed(path: path, reason: FileInput.errnoText())
            }
            written += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and closes the file; with `sync`, fsyncs it first so it survives a power cut.
    func finish(sync: Bool) throws(EventFileError) {
        try flush()
        guard !sync || fsync(fd) == 0 else { throw .writeFailed(path: path, reason: FileInput.errnoText()) }
        close(fd)
        fd = -1
    }
}
