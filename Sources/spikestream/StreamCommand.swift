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
        abstract: "Online inference: events from a file (replayed in real time), standard input or a TCP port, "
            + "one JSON line per window.",
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

            TCP (--listen): one client at a time sends the format's bytes and reads the lines back; a new \
            connection is a new sample; malformed bytes get an error line and the connection is closed, the \
            server keeps accepting.
            """)

    @OptionGroup var modelOptions: StreamModelOptions
    @OptionGroup var engine: EngineThreadsOption
    @Argument(help: "Event or WAV file to replay; - reads standard input (as --stdin).") var file: String?
    @Flag(help: "Read the stream from standard input.") var stdin = false
    @Option(help: "Serve on this TCP port (0 = any free port, printed on stderr).") var listen: UInt16?
    @Option(help: "Address to bind with --listen (default loopback only).") var host = "127.0.0.1"
    @Option(help: "With --listen: stop after this many connections (default: serve forever).") var maxConnections: Int?
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

    /// The file to replay; `nil` for standard input (`-` or `--stdin`) and --listen.
    var replayFile: String? { file == "-" ? nil : file }

    func validate() throws {
        let sources = [file != nil, stdin, listen != nil].filter { $0 }.count
        guard sources == 1 else { throw ValidationError("give exactly one source: FILE, - or --stdin (standard input), or --listen PORT") }
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
        let (model, modelFormat, modelOrientation) = try modelOptions.load(format: format ?? fileFormat)
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
        let listener = try TCPListener(host: host, port: port)
        logLine("stream: listening on \(listener.host):\(listener.port) for \(runner.options.format.rawValue) bytes")
        let server = StreamServer(listener: listener, runner: runner, resets: resets)
        let limit = maxConnections
        let result = await onDedicatedThread(name: "spikestream-server") { () -> (StreamStats, StreamError?) in
            var stats = StreamStats()
            do throws(StreamError) {
                try server.serve(maxConnections: limit, stats: &stats) { logLine("stream: " + $0) }
                return (stats, nil)
            } catch {
                return (stats, error)
            }
        }
        logLine("stream: all connections: " + result.0.summary)
        if let error = result.1 { throw error }
    }
}

/// One line on stderr (progress and summaries; stdout carries only the JSON lines).
func logLine(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

