import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A plain-HTTP server on 127.0.0.1 for the download tests: serves byte arrays by path, answers `Range: bytes=N-`
/// with 206, can drop a response half way (once), and records every request's path and Range header.
final class ArchiveServer: Sendable {
    enum Fault: Sendable {
        case none
        /// The first response sends the full Content-Length but only half the body, then closes the connection.
        case dropHalfwayOnce
    }

    struct Request: Sendable, Equatable {
        var path: String
        var range: String?
    }

    private struct State {
        var files: [String: (bytes: [UInt8], fault: Fault)] = [:]
        var requests: [Request] = []
    }

    private let state = Mutex(State())
    private let channel = Mutex<(any Channel)?>(nil)

    var port: Int { channel.withLock { $0?.localAddress?.port ?? 0 } }
    var baseURL: String { "http://127.0.0.1:\(port)" }
    var requests: [Request] { state.withLock { $0.requests } }

    static func start() async throws -> ArchiveServer {
        let server = ArchiveServer()
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(ArchiveRequestHandler(server: server))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        server.channel.withLock { $0 = listener }
        return server
    }

    func serve(_ path: String, _ bytes: [UInt8], fault: Fault = .none) {
        state.withLock { $0.files[path] = (bytes, fault) }
    }

    func stop() async throws {
        try await channel.withLock { $0 }?.close()
    }

    /// The bytes for `path` and whether this response is to be cut (a one-time fault is used up here).
    fileprivate func respond(to request: Request) -> (bytes: [UInt8], drop: Bool)? {
        state.withLock { s in
            s.requests.append(request)
            guard let file = s.files[request.path] else { return nil }
            if case .dropHalfwayOnce = file.fault {
                s.files[request.path] = (file.bytes, .none)
                return (file.bytes, true)
            }
            return (file.bytes, false)
        }
    }
}

private final class ArchiveRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let server: ArchiveServer
    private var head: HTTPRequestHead?

    init(server: ArchiveServer) { self.server = server }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): self.head = head
        case .body: break
        case .end: if let head { respond(context: context, head: head) }
        }
    }

    private func respond(context: ChannelHandlerContext, head: HTTPRequestHead) {
        let range = head.headers.first(name: "range")
        var headers = HTTPHeaders([("Connection", "close")])
        guard let (bytes, drop) = server.respond(to: .init(path: head.uri, range: range)) else {
            headers.add(name: "Content-Length", value: "0")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .notFound,
                                                                 headers: headers))), promise: nil)
            finish(context: context)
            return
        }
        var start = 0
        if let range, range.hasPrefix("bytes="), range.hasSuffix("-") {
            start = Int(range.dropFirst("bytes=".count).dropLast()) ?? 0
        }
        let partial = range != nil && start > 0
        headers.add(name: "Content-Length", value: "\(bytes.count - start)")
        if partial { headers.add(name: "Content-Range", value: "bytes \(start)-\(bytes.count - 1)/\(bytes.count)") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version,
                                                             status: partial ? .partialContent : .ok,
                                                             headers: headers))), promise: nil)
        let body = drop ? Array(bytes[start..<(start + (bytes.count - start) / 2)]) : Array(bytes[start...])
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
        if drop {
            let channel = context.channel
            context.flush()
            channel.eventLoop.scheduleTask(in: .milliseconds(50)) { channel.close(promise: nil) }
            return
        }
        finish(context: context)
    }

    private func finish(context: ChannelHandlerContext) {
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}
