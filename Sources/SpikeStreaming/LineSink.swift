#if canImport(Glibc)
import Glibc
private let posixWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let posixWrite = Darwin.write
#endif

/// Where JSON lines go: standard output, a file, or a client socket. Writes are synchronous, so the output
/// queue is the kernel's buffer: a slow reader slows the stream down instead of growing memory.
public protocol LineSink {
    func write(line: String) throws(StreamError)
}

/// Lines written to a file descriptor (`send` without SIGPIPE for sockets).
public struct DescriptorSink: LineSink, Sendable {
    public let fd: Int32
    public let isSocket: Bool

    public init(fd: Int32, isSocket: Bool) {
        self.fd = fd
        self.isSocket = isSocket
    }

    public static let standardOutput = DescriptorSink(fd: 1, isSocket: false)

    public func write(line: String) throws(StreamError) {
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { b in
                isSocket ? send(fd, b.baseAddress! + sent, b.count - sent, Int32(MSG_NOSIGNAL))
                    : posixWrite(fd, b.baseAddress! + sent, b.count - sent)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(operation: "writing results", reason: systemError())
            }
            sent += n
        }
    }
}

/// `strerror(errno)` as a String.
func systemError() -> String { String(cString: strerror(errno)) }
