#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Serves streaming inference over TCP, one client at a time: the client sends the format's bytes, one
/// connection = one sample (resets from the control channel split it further), and gets the JSON lines back
/// on the same connection. Malformed bytes get a JSON error line, then the connection is closed; the server
/// keeps accepting.
public struct StreamServer: Sendable {
    public let listener: TCPListener
    public let runner: StreamRunner
    public let resets: ResetSignal?

    public init(listener: TCPListener, runner: StreamRunner, resets: ResetSignal? = nil) {
        self.listener = listener
        self.runner = runner
        self.resets = resets
    }

    /// Accepts and serves clients until `maxConnections` have been served (forever when `nil`); calls `log`
    /// with one line per connection. Blocking: run it on a dedicated thread.
    public func serve(maxConnections: Int? = nil, stats: inout StreamStats,
                      log: (String) -> Void) throws(StreamError) {
        var served = 0
        while maxConnections.map({ served < $0 }) ?? true {
            let client = try listener.accept()
            served += 1
            let sink = DescriptorSink(fd: client, isSocket: true)
            var connection = StreamStats()
            do {
                try runner.run(fd: client, sink: sink, resets: resets, stats: &connection)
                log("connection \(served): \(connection.summary)")
            } catch {
                // The client may be gone already; its error line is best effort.
                try? sink.write(line: error.jsonLine)
                log("connection \(served) closed: \(error.description)")
            }
            stats.merge(connection)
            close(client)
        }
    }
}
