#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A listening IPv4 TCP socket (POSIX), bound to loopback unless told otherwise. `accept` blocks, so the
/// server loop runs on a dedicated thread.
public final class TCPListener: Sendable {
    public let host: String
    /// The bound port (the kernel's choice when asked for port 0).
    public let port: UInt16
    private let fd: Int32

    public init(host: String = "127.0.0.1", port: UInt16, backlog: Int32 = 4) throws(StreamError) {
        var address = try ipv4Address(host: host, port: port)
        let fd = try tcpSocket()
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, backlog) == 0 else {
            let reason = systemError()
            close(fd)
            throw .io(operation: "listening on \(host):\(port)", reason: reason)
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.host = host
        self.port = UInt16(bigEndian: actual.sin_port)
        self.fd = fd
    }

    deinit { close(fd) }

    /// The next client connection's descriptor (the caller closes it); retries interrupted calls.
    public func accept() throws(StreamError) -> Int32 {
        while true {
            let client = Glibc.accept(fd, nil, nil)
            if client >= 0 { return client }
            if errno != EINTR { throw .io(operation: "accepting a connection", reason: systemError()) }
        }
    }
}

/// Connects to `host:port` over TCP (for clients and tests); returns the socket descriptor.
public func connectTCP(host: String = "127.0.0.1", port: UInt16) throws(StreamError) -> Int32 {
    var address = try ipv4Address(host: host, port: port)
    let fd = try tcpSocket()
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else {
        let reason = systemError()
        close(fd)
        throw .io(operation: "connecting to \(host):\(port)", reason: reason)
    }
    return fd
}

/// `host:port` as a socket address; `host` must be a dotted IPv4 address.
private func ipv4Address(host: String, port: UInt16) throws(StreamError) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
        throw .io(operation: "parsing host \(host)", reason: "not an IPv4 address (e.g. 127.0.0.1 or 0.0.0.0)")
    }
    return address
}

private func tcpSocket() throws(StreamError) -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw .io(operation: "creating a socket", reason: systemError()) }
    return fd
}
