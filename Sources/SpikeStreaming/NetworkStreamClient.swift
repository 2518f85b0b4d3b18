#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOPosix
import SpikeEvents
import SpikeFormats

/// `stream --connect HOST:PORT`: a client (SwiftNIO) of the AEDAT 4 network stream that iniVation DV's network
/// output and dv-processing's `dv.io.NetworkWriter` publish. Each connection's bytes (the `IOHeader`, then
/// packets) go through the AEDAT 4 decoder in network framing as they arrive; one connection is one sample.
/// When the publisher stops, the sample ends and the client reconnects with a doubling backoff, for
/// `reconnectAttempts` tries in a row before it gives up.
public struct NetworkStreamClient: Sendable {
    public struct Options: Sendable {
        public var host: String
        public var port: Int
        /// Retries in a row after failed connection attempts before giving up.
        public var reconnectAttempts: Int
        /// The first wait between attempts; each failure doubles it, up to `maxBackoff`.
        public var firstBackoff: Duration
        public var maxBackoff: Duration
        public var limits: StreamSession.Limits

        public init(host: String, port: Int, reconnectAttempts: Int = 10, firstBackoff: Duration = .milliseconds(100),
                    maxBackoff: Duration = .seconds(2), limits: StreamSession.Limits = .init()) {
            self.host = host
            self.port = port
            self.reconnectAttempts = reconnectAttempts
            self.firstBackoff = firstBackoff
            self.maxBackoff = maxBackoff
            self.limits = limits
        }

        public var address: String { "\(host):\(port)" }
    }

    public let model: StreamModel
    public let options: Options

    public init(model: StreamModel, options: Options) {
        self.model = model
        self.options = options
    }

    /// Streams until the publisher has been gone for `reconnectAttempts` tries, or the task is cancelled (the
    /// current sample then ends). Writes the JSON lines to `sink`, progress to `log`. Throws `.noPublisher` when
    /// no connection was ever made, and on a stream that is not AEDAT 4 events (after its JSON error line).
    public func run(sink: some LineSink, resets: ResetSignal? = nil,
                    log: (String) -> Void) async throws(StreamError) -> StreamStats {
        let started = ContinuousClock.now
        var feed: StreamFeed?
        var connections = 0, failures = 0
        var backoff = options.firstBackoff
        func emit(_ output: StreamOutput) throws(StreamError) { try sink.write(line: output.jsonLine) }
        while !Task.isCancelled {
            let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
            do {
                channel = try await connect()
            } catch {
                failures += 1
                guard failures <= options.reconnectAttempts else {
                    if connections == 0 {
                        throw .noPublisher(address: options.address, attempts: failures, reason: Self.reason(error))
                    }
                    log("the publisher at \(options.address) is gone (\(failures) attempts); stopping")
                    break
                }
                log((connections == 0 ? "no AEDAT 4 publisher at \(options.address) yet" : "the publisher at "
                     + "\(options.address) is gone") + " (\(Self.reason(error))); retrying in \(backoff) "
                     + "(retry \(failures) of \(options.reconnectAttempts))")
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, options.maxBackoff)
                continue
            }
            failures = 0
            backoff = options.firstBackoff
            connections += 1
            log(connections == 1 ? "connected to \(options.address)" : "reconnected to \(options.address) "
                + "(connection \(connections)); a new sample starts")
            let decoder = AEDAT4StreamDecoder(source: "the AEDAT 4 stream from \(options.address)",
                                              sensorSize: StreamFormat.aedat4.sensorSize(), framing: .network)
            if feed == nil {
                feed = try StreamFeed(model: model, decoder: decoder, limits: options.limits)
            } else {
                feed?.restart(decoder: decoder)
            }
            do {
                try await receive(from: channel, into: &feed!, resets: resets, emit: emit)
            } catch {
                try? sink.write(line: error.jsonLine)
                throw error
            }
            try endConnection(&feed!, emit: emit, log: log)
        }
        guard var feed else { return StreamStats() }
        feed.setSeconds(started.duration(to: .now).secondsValue)
        return feed.stats
    }

    private func connect() async throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(2))
            .connect(host: options.host, port: options.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
    }

    /// Why a connection attempt failed, in a few words ("Connection refused").
    private static func reason(_ error: any Error) -> String {
        if let failure = error as? NIOConnectionError, let first = failure.connectionErrors.first {
            return reason(first.error)
        }
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)) }
        if let channel = error as? ChannelError, case .connectTimeout = channel { return "no answer within 2 s" }
        return "\(error)"
    }

    /// Decodes and runs one connection's bytes until the publisher closes it (or it breaks, or the task is
    /// cancelled); a stream that is not AEDAT 4 events throws.
    private func receive(from channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>, into feed: inout StreamFeed,
                         resets: ResetSignal?, emit: (StreamOutput) throws(StreamError) -> Void) async throws(StreamError) {
        do {
            try await channel.executeThenClose { inbound, _ in
                for try await chunk in inbound {
                    let arrival = ContinuousClock.now
                    if resets?.take() == true { try feed.endSample(arrival: arrival, emit: emit) }
                    try feed.push(chunk, arrival: arrival, emit: emit)
                }
            }
        } catch let error as StreamError {
            throw error
        } catch {
            // A reset connection or a cancelled task ends the connection like a close does.
        }
    }

    /// The connection ended: its sample ends. A publisher that stopped inside a packet leaves a partial one,
    /// which is said and dropped.
    private func endConnection(_ feed: inout StreamFeed, emit: (StreamOutput) throws(StreamError) -> Void,
                               log: (String) -> Void) throws(StreamError) {
        let end = ContinuousClock.now
        do {
            try feed.push(try feed.decodeTail(), arrival: end, emit: emit)
        } catch .decode(let error) {
            log("the connection ended inside a packet; its partial bytes are dropped: \(error.description)")
        }
        try feed.endSample(arrival: end, emit: emit)
        if !Task.isCancelled { log("the publisher at \(options.address) closed the connection; the sample ended") }
    }
}
