#if canImport(Glibc)
import Glibc
private let posixWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let posixWrite = Darwin.write
#endif

/// A buffered, write-only file that creates or truncates its path; `finish(sync:)` flushes and closes it.
/// Records are encoded straight into one fixed buffer, allocated once.
final class FileOutput {
    let path: String
    private var fd: Int32
    private let buffer: UnsafeMutableRawBufferPointer
    private var used = 0

    init(path: String, bufferBytes: Int = 1 << 20) throws(EventFileError) {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: FileInput.errnoText()) }
        buffer = .allocate(byteCount: bufferBytes, alignment: 8)
    }

    deinit {
        if fd >= 0 { close(fd) }
        buffer.deallocate()
    }

    /// Appends `count` bytes that `body` writes through the pointer it is given.
    func append(count: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Void) throws(EventFileError) {
        precondition(count <= buffer.count, "record larger than the output buffer")
        if used + count > buffer.count { try flush() }
        body(buffer.baseAddress!.assumingMemoryBound(to: UInt8.self) + used)
        used += count
    }

    func append(_ bytes: some Collection<UInt8>) throws(EventFileError) {
        try append(count: bytes.count) { out in
            for (i, byte) in bytes.enumerated() { out[i] = byte }
        }
    }

    func flush() throws(EventFileError) {
        var written = 0
        while written < used {
            let n = posixWrite(fd, buffer.baseAddress! + written, used - written)
            if n < 0 {
                if errno == EINTR { continue }
                throw .writeFailed(path: path, reason: FileInput.errnoText())
            }
            written += n
        }
        used = 0
    }

    /// Flushes and closes the file; with `sync`, fsyncs it first so it survives a power cut.
    func finish(sync: Bool) throws(EventFileError) {
        try flush()
        guard !sync || fsync(fd) == 0 else { throw .writeFailed(path: path, reason: FileInput.errnoText()) }
        close(fd)
        fd = -1
    }
}
