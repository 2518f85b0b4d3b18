#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import SpikeFormats
import SpikeStreaming

/// `stream`: online inference over events that arrive over time, one JSON line per window.
struct StreamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream",
        abstract: "Online inference: events from a file (replayed in real time), standard input, TCP clients or a "
            + "live camera's network stream, one JSON line per window.",
        discussion: """
            Events are cut into windows of --time-window µs as they arrive (FrameBinning time-window semantics); \
            each closed window is one network time step, run from the neuron state the sample's earlier windows \
            left. stdout gets one JSON object per line: per window {window, t_start, t_end, events, prediction, \
            confidence, spike_counts, latency_us}; per sample {sample_end, windows, events, late_events, \
            prediction, confidence, spike_counts}, prediction and confidence null when no event arrived; on \
            malformed input {error, offset}. prediction is the class \
            with the most output activity accumulated over the sample so far; latency_us runs from the arrival \
            of the bytes that closed the window to its result.

            A sample ends at the end of the file, input or connection, or at a {"cmd":"reset"} line on \
            --control; its end clears the neuron state. p50/p99 latency and sustained events/s go to stderr.

            TCP (--listen): up to --max-clients clients at once, each with its own session, send the format's \
            bytes and read their lines back; a connection is a sample; a client over the limit gets one JSON \
            error line and a close; one that sends nothing for --idle-timeout s is closed; malformed bytes get an \
            error line and the connection is closed, the server keeps accepting. SIGTERM or Ctrl-C drains: no \
            new clients, each open one ends its sample, and the server exits within a second. See \
            docs/STREAMING.md.

            Live camera (--connect HOST:PORT): reads the AEDAT 4 network stream that iniVation DV's network \
            output or dv-processing's dv.io.NetworkWriter publishes; each connection is a sample; when the \
            publisher stops, the client reconnects with backoff (--reconnect-attempts tries in a row). A \
            Prophesee camera's EVT 2.0 / 3.0 goes in on standard input: --stdin --format evt3.
            """)

    @OptionGroup var modelOptions: StreamModelOptions
    @OptionGroup var engine: EngineThreadsOption
    @Argument(help: "Event or WAV file to replay; - reads standard input (as --stdin).") var file: String?
    @Flag(help: "Read the stream from standard input.") var stdin = false
    @Option(help: "Serve on this TCP port (0 = any free port, printed on stderr).") var listen: UInt16?
    @Option(help: "Address to bind with --listen (default loopback only).") var host = "127.0.0.1"
    @Option(help: "With --listen: stop after this many connections (default: serve forever).") var maxConnections: Int?
    @Option(help: "With --listen: clients served at once; one more gets a JSON error line and a close.")
    var maxClients = 16
    @Option(help: "With --listen: close a client that sends nothing for this many seconds.") var idleTimeout = 30.0
    @Option(help: "Read the AEDAT 4 network stream of a DV / dv-processing publisher at HOST:PORT (live camera).")
    var connect: String?
    @Option(help: "With --connect: retries in a row (doubling waits from 0.1 s, at most 2 s) before giving up.") var reconnectAttempts = 10
    @Option(help: "nmnist, aedat2, aedat31, aedat4, evt2, evt3, dat or wav (default: the model's dataset, or the file's format).")
    var format: StreamFormat?
    @Option(help: "AEDAT 2.0 address orientation: standard, raw, jaer or spikingjelly (default: the model's).")
    var orientation: DVS128Orientation?
    @Option(parsing: .unconditional,
            help: "Replay speed for a file: 1 = real time, 10 = ten times faster, max = as fast as possible.")
    var speed = "1"
    @Option(help: "FIFO or file of control lines ({\"cmd\":\"reset\"} ends the current sample).") var control: String?
    @Option(help: "Most events one window may hold; more is an error line.") var maxWindowEvents = 1 << 20
    @Option(help: "Bytes per read (the bounded input buffer).") var readBuffer = 1 << 16

    /// The file to replay; `nil` for standard input (`-` or `--stdin`), --listen and --connect.
    var replayFile: String? { file == "-" ? nil : file }

    /// `--connect`'s host and port.
    var publisher: (host: String, port: Int)? {
        guard let connect, let colon = connect.lastIndex(of: ":"), let port = Int(connect[connect.index(after: colon)...]),
              (1...65535).contains(port), colon > connect.startIndex else { return nil }
        return (String(connect[..<colon]), port)
    }

    func validate() throws {
        let sources = [file != nil, stdin, listen != nil, connect != nil].filter { $0 }.count
        guard sources == 1 else {
            throw ValidationError("give exactly one source: FILE, - or --stdin (standard input), --listen PORT or "
                                  + "--connect HOST:PORT")
        }
        if connect != nil {
            guard publisher != nil else { throw ValidationError("--connect takes HOST:PORT, e.g. 127.0.0.1:7777") }
            guard format == nil || format == .aedat4 else {
                throw ValidationError("--connect reads AEDAT 4 network streams only; drop --format or pass aedat4")
            }
        }
        guard maxClients > 0, idleTimeout > 0, reconnectAttempts >= 0 else {
            throw ValidationError("--max-clients and --idle-timeout must be positive, --reconnect-attempts at least 0")
        }
        guard speed == "max" || (Double(speed).map { $0 > 0 } ?? false) else {
            throw ValidationError("--speed must be a positive number or max")
        }
        guard maxWindowEvents > 0, readBuffer > 0 else {
            throw ValidationError("--max-window-events and --read-buffer must be positive")
        }
    }

    func run() async throws {
        engine.apply()
        let fileFormat: StreamFormat? = replayFile.flatMap { path in
            EventFileFormat.detect(path: path).flatMap { StreamFormat(rawValue: $0.rawValue) }
                ?? (path.lowercased().hasSuffix(".wav") ? .wav : nil)
        }
        let (model, modelFormat, modelOrientation) = try modelOptions.load(
            format: format ?? fileFormat ?? (connect != nil ? .aedat4 : nil))
        if let publisher {
            return try await receive(model: model, from: publisher)
        }
        guard let format = format ?? fileFormat ?? modelFormat else {
            throw ValidationError("cannot tell the stream's format; pass --format \(StreamFormat.allCases.map(\.rawValue).joined(separator: "|"))")
        }
        let options = StreamRunner.Options(
            format: format, source: replayFile ?? (listen == nil ? "<stdin>" : "tcp client"),
            speed: replayFile != nil && speed != "max" ? Double(speed) : nil, readBufferBytes: readBuffer,
            limits: .init(maxWindowEvents: maxWindowEvents), orientation: orientation ?? modelOrientation)
        let runner = StreamRunner(model: model, options: options)
        let resets = ResetSignal()
        if let control { ControlChannel.start(path: control, resets: resets) { logLine($0) } }
        if let listen {
            try await serve(runner: runner, port: listen, resets: resets)
        } else {
            try await runOnce(runner: runner, resets: resets)
        }
    }

    private func runOnce(runner: StreamRunner, resets: ResetSignal) async throws {
        let fd: Int32
        if let file = replayFile {
            fd = open(file, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw ValidationError("cannot open '\(file)': \(String(cString: strerror(errno)))") }
            var status = stat()
            if fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size == 0 {
                close(fd)
                throw EventFileError.emptyFile(path: file)  // as `inspect` says; a FIFO may still be filling
            }
        } else {
            fd = 0
        }
        let result = await onDedicatedThread(name: "spikestream-stream") { () -> (StreamStats, StreamError?) in
            var stats = StreamStats()
            do throws(StreamError) {
                try runner.run(fd: fd, sink: DescriptorSink.standardOutput, resets: resets, stats: &stats)
                return (stats, nil)
            } catch {
                try? DescriptorSink.standardOutput.write(line: error.jsonLine)
                return (stats, error)
            }
        }
        if fd != 0 { close(fd) }
        logLine("stream: " + result.0.summary)
        if let error = result.1 { throw error }
    }

    private func serve(runner: StreamRunner, port: UInt16, resets: ResetSignal) async throws {
        let limits = StreamServer.Limits(maxClients: maxClients, idleTimeout: .milliseconds(Int64(idleTimeout * 1000)),
                                         maxConnections: maxConnections)
        let server = try await StreamServer(host: host, port: Int(port), runner: runner, limits: limits, resets: resets)
        logLine("stream: listening on \(server.host):\(server.port) for \(runner.options.format.rawValue) bytes "
                + "(at most \(maxClients) clients at once)")
        let signalled = SignalTime()
        TerminationSignals.onFirst { _ in
            signalled.mark()
            logLine("stream: draining: no new clients; open ones end their sample")
            Task { await server.drain() }
            // The exit stays within a second even when a busy machine leaves the drain's tasks waiting for a core.
            Thread.sleep(forTimeInterval: 0.8)
            logLine("stream: the drain did not finish within 0.8 s; exiting")
            Glibc.exit(0)
        }
        let stats = await server.serve { logLine("stream: " + $0) }
        logLine("stream: all connections: " + stats.summary)
        if let since = signalled.elapsed {
            let milliseconds = since.components.seconds * 1000 + since.components.attoseconds / 1_000_000_000_000_000
            logLine("stream: drained; exiting \(milliseconds) ms after the signal")
        }
    }

    /// `--connect`: the AEDAT 4 network stream of a live camera's publisher.
    private func receive(model: StreamModel, from publisher: (host: String, port: Int)) async throws {
        let resets = ResetSignal()
        if let control { ControlChannel.start(path: control, resets: resets) { logLine($0) } }
        let client = NetworkStreamClient(model: model, options: .init(
            host: publisher.host, port: publisher.port, reconnectAttempts: reconnectAttempts,
            limits: .init(maxWindowEvents: maxWindowEvents)))
        let receiving = Task { () async throws(StreamError) -> StreamStats in
            try await client.run(sink: DescriptorSink.standardOutput, resets: resets) { logLine("stream: " + $0) }
        }
        TerminationSignals.onFirst { _ in receiving.cancel() }
        let stats = try await receiving.value
        logLine("stream: " + stats.summary)
    }
}

/// One line on stderr (progress and summaries; stdout carries only the JSON lines).
func logLine(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

