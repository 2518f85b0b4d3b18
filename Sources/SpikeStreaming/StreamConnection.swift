import NIOCore
import SpikeEvents

/// One server client, served in its own task: the bytes it sends go through its own `StreamFeed` (decoder,
/// network state, transforms' memory, latency figures) and each read's results go back as one write, which
/// waits while the client's write buffer is full, so a client's results are bounded by that buffer. The end of
/// its bytes (a half-close or a close) ends its sample; malformed bytes or a session error get one JSON error
/// line, then the connection closes.
struct StreamConnection {
    let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
    let runner: StreamRunner
    let resets: ResetSignal?

    /// What became of the connection: its statistics, and the error that closed it, if any.
    struct Outcome: Sendable {
        var stats: StreamStats
        var error: String?
    }

    func serve() async -> Outcome {
        let started = ContinuousClock.now
        var feed: StreamFeed
        do {
            feed = try StreamFeed(model: runner.model, options: runner.options)
        } catch {
            await reject(error)
            return Outcome(stats: StreamStats(), error: error.description)
        }
        var error: String?
        do {
            try await channel.executeThenClose { inbound, outbound in
                var lines = channel.channel.allocator.buffer(capacity: 1 << 12)
                func emit(_ output: StreamOutput) {
                    lines.writeString(output.jsonLine)
                    lines.writeInteger(UInt8(ascii: "\n"))
                }
                do {
                    var resetsSeen = resets?.generation ?? 0
                    for try await chunk in inbound {
                        let arrival = ContinuousClock.now
                        if let generation = resets?.generation, generation != resetsSeen {
                            resetsSeen = generation
                            try feed.endSample(arrival: arrival, emit: emit)
                        }
                        try feed.push(chunk, arrival: arrival, emit: emit)
                        try await flush(&lines, to: outbound)
                    }
                    // Closed by the server (idle, not reading, shut down) rather than ended by the client: no sample end.
                    guard channel.channel.isActive else { throw ChannelError.ioOnClosedChannel }
                    try feed.finish(emit: emit)
                } catch let failure as StreamError {
                    // The windows before the damage were answered; then the error, then the close.
                    error = failure.description
                    lines.writeString(failure.jsonLine + "\n")
                }
                try await flush(&lines, to: outbound)
            }
        } catch let failure {
            // The client went away (reset, closed by the idle guard, or shut down by the server).
            error = error ?? "\(failure)"
        }
        feed.setSeconds(started.duration(to: .now).secondsValue)
        return Outcome(stats: feed.stats, error: error)
    }

    /// Sends the results gathered so far (one write, waiting while the client's buffer is full).
    private func flush(_ lines: inout ByteBuffer, to outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) async throws {
        guard lines.readableBytes > 0 else { return }
        try await outbound.write(lines)
        lines.clear()
    }

    /// One JSON error line, then the close (a client turned away, or a model that cannot serve).
    func reject(_ error: StreamError) async {
        try? await channel.executeThenClose { _, outbound in
            try await outbound.write(channel.channel.allocator.buffer(string: error.jsonLine + "\n"))
        }
    }
}
