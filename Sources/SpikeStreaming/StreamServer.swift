import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Serves streaming inference over TCP (SwiftNIO) to many clients at once, each in its own task with its own
/// session: a client sends the format's bytes, one connection = one sample (resets from the control channel
/// end the current sample of every client), and gets its JSON lines back on the same connection. A client
/// never waits on another: an idle one only holds its slot until `--idle-timeout`, and one that does not read
/// its results is closed once its bounded write buffer is full. Over `maxClients` a client gets a one-line
/// JSON error and is closed. Malformed bytes get a JSON error line and a close; the server goes on.
public final class StreamServer: Sendable {
    public struct Limits: Sendable {
        /// Clients served at once.
        public var maxClients: Int
        /// A client that sends nothing for this long (while it may still send) is closed.
        public var idleTimeout: Duration
        /// Stop after this many connections have been served (`nil`: serve until drained).
        public var maxConnections: Int?
        /// Bytes of results a client may leave unread before it counts as not reading.
        public var writeBufferBytes: Int

        public init(maxClients: Int = 16, idleTimeout: Duration = .seconds(30), maxConnections: Int? = nil,
                    writeBufferBytes: Int = 256 << 10) {
            self.maxClients = maxClients
            self.idleTimeout = idleTimeout
            self.maxConnections = maxConnections
            self.writeBufferBytes = writeBufferBytes
        }
    }

    public let host: String
    /// The bound port (the kernel's choice when asked for port 0).
    public let port: Int
    public let runner: StreamRunner
    public let limits: Limits
    public let resets: ResetSignal?
    private let listener: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>
    private let clients = ClientRegistry()

    /// Binds `host:port` (port 0: any free port).
    public init(host: String = "127.0.0.1", port: Int, runner: StreamRunner, limits: Limits = Limits(),
                resets: ResetSignal? = nil) async throws(StreamError) {
        let idle = limits.idleTimeout
        let water = ChannelOptions.Types.WriteBufferWaterMark(low: max(1, limits.writeBufferBytes / 4),
                                                              high: max(2, limits.writeBufferBytes))
        do {
            listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .serverChannelOption(.backlog, value: 64)
                .childChannelOption(.allowRemoteHalfClosure, value: true)
                .childChannelOption(.writeBufferWaterMark, value: water)
                .bind(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let nanoseconds = idle.components.seconds * 1_000_000_000
                            + idle.components.attoseconds / 1_000_000_000
                        try channel.pipeline.syncOperations.addHandler(
                            IdleStateHandler(readTimeout: .nanoseconds(max(1, nanoseconds))))
                        try channel.pipeline.syncOperations.addHandler(ClientGuard(idleTimeout: idle))
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw .io(operation: "listening on \(host):\(port)", reason: "\(error)")
        }
        self.host = host
        self.port = listener.channel.localAddress?.port ?? port
        self.runner = runner
        self.limits = limits
        self.resets = resets
    }

    /// Accepts and serves clients, each in a child task, until `maxConnections` have been accepted and served
    /// or `drain` is called; returns the statistics of all connections. `log` gets one line per connection.
    public func serve(log: @escaping @Sendable (String) -> Void) async -> StreamStats {
        let total = NIOLockedValueBox(StreamStats())
        let (runner, limits, resets, clients) = (self.runner, self.limits, self.resets, self.clients)
        try? await withThrowingDiscardingTaskGroup { group in
            try await listener.executeThenClose { inbound in
                var accepted = 0
                for try await client in inbound {
                    accepted += 1
                    let number = accepted
                    if clients.admit(client.channel, limit: limits.maxClients) {
                        // Its slot frees when its socket closes, on the event loop: not when its task next runs,
                        // which a busy pool can delay past the client's reconnection.
                        client.channel.closeFuture.whenComplete { _ in clients.leave(client.channel) }
                        group.addTask {
                            let outcome = await StreamConnection(channel: client, runner: runner, resets: resets).serve()
                            total.withLockedValue { $0.merge(outcome.stats) }
                            if let error = outcome.error {
                                log("connection \(number) closed: \(error)")
                            } else {
                                log("connection \(number): \(outcome.stats.summary)")
                            }
                        }
                    } else {
                        group.addTask {
                            await StreamConnection(channel: client, runner: runner, resets: nil)
                                .reject(.serverFull(limit: limits.maxClients))
                            log("connection \(number) turned away: over --max-clients \(limits.maxClients)")
                        }
                    }
                    if let most = limits.maxConnections, accepted >= most { break }
                }
            }
        }
        return total.withLockedValue { $0 }
    }

    /// Stops accepting and ends every client's input, so each finishes its sample (its last windows and
    /// `sample_end` go out) and closes; after `grace`, connections still open are closed. `serve` then returns.
    public func drain(grace: Duration = .milliseconds(500)) async {
        try? await listener.channel.close()
        let open = clients.channels
        for channel in open { try? await channel.close(mode: .input) }
        try? await Task.sleep(for: grace)
        for channel in clients.channels { try? await channel.close() }
    }

    /// Clients being served, admitted while under the limit.
    private final class ClientRegistry: Sendable {
        private let open = NIOLockedValueBox([ObjectIdentifier: any Channel]())

        func admit(_ channel: any Channel, limit: Int) -> Bool {
            open.withLockedValue { open in
                guard open.count < limit else { return false }
                open[ObjectIdentifier(channel)] = channel
                return true
            }
        }

        func leave(_ channel: any Channel) { open.withLockedValue { _ = $0.removeValue(forKey: ObjectIdentifier(channel)) } }

        var channels: [any Channel] { open.withLockedValue { Array($0.values) } }
    }
}
