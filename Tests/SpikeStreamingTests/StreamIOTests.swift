#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SpikeEvents
import SpikeFormats
import SpikeNet
@testable import SpikeStreaming
import SpikeTestSupport
import Testing

/// The runner over real descriptors: a pipe (as standard input), a loopback TCP server, the control channel.
@Suite("Stream sources")
struct StreamIOTests {
    static func runner(speed: Double? = nil) throws -> StreamRunner {
        try StreamRunner(model: StreamFixtures.model(), options: .init(format: .nmnist, source: "<test>", speed: speed,
                                                                       readBufferBytes: 333))
    }

    /// Runs `runner` over `fd` on its own thread.
    static func run(_ runner: StreamRunner, fd: Int32, sink: CollectingSink,
                    resets: ResetSignal? = nil) async -> Result<StreamStats, StreamError> {
        await onDedicatedThread(name: "test-runner") { () -> Result<StreamStats, StreamError> in
            var stats = StreamStats()
            do throws(StreamError) { try runner.run(fd: fd, sink: sink, resets: resets, stats: &stats) } catch {
                return .failure(error)
            }
            return .success(stats)
        }
    }

    /// A pipe's read and write ends.
    static func makePipe() throws -> (Int32, Int32) {
        var fds: [Int32] = [0, 0]
        try #require(Glibc.pipe(&fds) == 0)
        return (fds[0], fds[1])
    }

    /// Writes all of `bytes` to `fd`.
    static func writeAll(_ bytes: [UInt8], to fd: Int32) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            sent += n
        }
    }

    /// Reads `fd` to its end as lines.
    static func readLines(_ fd: Int32) -> [String] {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n <= 0 { break }
            data += buffer[0..<n]
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// Sends `bytes` as one client and returns the server's lines.
    static func client(port: Int, bytes: [UInt8]) async throws -> [String] {
        let fd = try TCPClient.connect(port: port)
        return await onDedicatedThread(name: "test-client") {
            writeAll(bytes, to: fd)
            shutdown(fd, Int32(SHUT_WR))
            defer { close(fd) }
            return readLines(fd)
        }
    }

    /// Checks window lines against the offline decision on the same events.
    static func expectOffline(_ lines: [String], events: EventChunk) throws {
        let (steps, prediction) = try StreamFixtures.offline(events, network: StreamFixtures.network())
        let parsed = try lines.map(parse)
        let windows = parsed.filter { $0["window"] != nil }
        #expect(windows.count == steps.count)
        for (k, w) in windows.enumerated() where k < steps.count {
            #expect((w["spike_counts"] as? [Double])?.map(Float.init) == steps[k], "window \(k)")
        }
        let end = try #require(parsed.last)
        #expect(end["sample_end"] as? Int == 0)
        #expect(end["prediction"] as? Int == prediction)
    }

    @Test("loopback TCP: predictions equal the offline path; malformed bytes get an error line, the server lives on")
    func loopback() async throws {
        let events = StreamFixtures.events()
        let good = try StreamTestSupport.bytes(StreamTestSupport.nmnistFile(events))
        let server = try await StreamServer(port: 0, runner: try Self.runner(), limits: .init(maxConnections: 3))
        #expect(server.port != 0)
        let log = CollectingSink()
        let served = Task { await server.serve { try? log.write(line: $0) } }
        try Self.expectOffline(try await Self.client(port: server.port, bytes: good), events: events)

        // Two good records, then one whose x lies outside the 34×34 sensor: an error naming offset 10.
        let bad: [UInt8] = [1, 1, 0, 0, 5, 2, 2, 0, 0, 9, 200, 1, 0, 0, 12]
        let errorLines = try await Self.client(port: server.port, bytes: bad)
        let error = try parse(try #require(errorLines.last))
        #expect(error["offset"] as? Int == 10)
        #expect((error["error"] as? String)?.contains("outside the 34×34 sensor") == true)

        try Self.expectOffline(try await Self.client(port: server.port, bytes: good), events: events)
        let stats = await served.value
        #expect(stats.samples == 2)
        #expect(log.all.count == 3 && log.all[1].contains("closed"))
    }

    @Test("a pipe (standard input) streamed at 50× real time gives the offline predictions")
    func pipe() async throws {
        let events = StreamFixtures.events()
        let bytes = try StreamTestSupport.bytes(StreamTestSupport.nmnistFile(events))
        let (readEnd, writeEnd) = try Self.makePipe()
        let runner = try Self.runner(speed: 50)
        let sink = CollectingSink()
        let writer = Task {
            await onDedicatedThread(name: "test-writer") {
                var sent = 0
                while sent < bytes.count {
                    let n = bytes.withUnsafeBytes { write(writeEnd, $0.baseAddress! + sent, min(777, bytes.count - sent)) }
                    if n <= 0 { break }
                    sent += n
                }
                close(writeEnd)
            }
        }
        let result = await Self.run(runner, fd: readEnd, sink: sink)
        await writer.value
        close(readEnd)
        let stats = try result.get()
        try Self.expectOffline(sink.all, events: events)
        #expect(stats.events == events.count)
        #expect(stats.latency(quantile: 0.5) != nil)
        // 300 ms of recording at 50×: at least 6 ms of wall time.
        #expect(stats.seconds >= 0.006)
    }

    @Test("an AEDAT 3.1 file read through the runner gives the offline windows on the DVS128 sensor")
    func aedat31File() async throws {
        let path = RepoPaths.root + "/Tests/SpikeFormatsTests/Fixtures/aedat31/valid_mixed.aedat"
        let events = try AEDAT31Reader(path: path).readAll()
        let network = try Network(NetworkConfig(spec: "20-10", inputShape: [2, 128, 128], neuron: .lif(LIF(decay: 0.5, threshold: 0.3)),
                                                rule: .stbp(STBP()), loss: .rateMSE, initGain: 8, seed: 3))
        let runner = StreamRunner(model: try StreamModel(network: network, binning: StreamFixtures.binning),
                                  options: .init(format: .aedat31, source: path, readBufferBytes: 1000))
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let sink = CollectingSink()
        _ = try await Self.run(runner, fd: fd, sink: sink).get()
        let (steps, prediction) = try StreamFixtures.offline(events, network: network, sensor: .dvs128)
        let windows = try sink.all.map(parse).filter { $0["window"] != nil }
        #expect(windows.compactMap { ($0["spike_counts"] as? [Double])?.map(Float.init) } == steps)
        #expect(try parse(try #require(sink.all.last))["prediction"] as? Int == prediction)
        #expect(steps.joined().contains { $0 > 0 })
    }

    @Test("control lines: reset requests are taken once, other lines are reported")
    func controlLines() {
        let resets = ResetSignal()
        var reports: [String] = []
        ControlChannel.apply(line: Data("{\"cmd\":\"reset\"}".utf8), resets: resets) { reports.append($0) }
        ControlChannel.apply(line: Data("{\"cmd\":\"explode\"}".utf8), resets: resets) { reports.append($0) }
        #expect(resets.take())
        #expect(!resets.take())
        #expect(reports.count == 1 && reports[0].contains("explode"))
    }

    @Test("a reset between reads ends the sample: the runner emits a sample end before the rest of the input")
    func resetMidStream() async throws {
        let events = StreamFixtures.events()
        let bytes = try StreamTestSupport.bytes(StreamTestSupport.nmnistFile(events))
        let (readEnd, writeEnd) = try Self.makePipe()
        let runner = try Self.runner()
        let resets = ResetSignal()
        let sink = CollectingSink()
        let half = bytes.count / 10 * 5
        let reading = Task { await Self.run(runner, fd: readEnd, sink: sink, resets: resets) }
        _ = bytes[0..<half].withUnsafeBytes { write(writeEnd, $0.baseAddress!, half) }
        // Wait until the first half has produced windows, then reset and send the rest.
        while sink.all.count < 3 { try await Task.sleep(for: .milliseconds(5)) }
        resets.request()
        _ = bytes[half...].withUnsafeBytes { write(writeEnd, $0.baseAddress!, bytes.count - half) }
        close(writeEnd)
        let stats = try await reading.value.get()
        close(readEnd)
        let ends = try sink.all.map(parse).filter { $0["sample_end"] != nil }
        #expect(ends.map { $0["sample_end"] as? Int } == [0, 1])
        #expect(stats.samples == 2)
        #expect(ends.compactMap { $0["events"] as? Int }.reduce(0, +) == events.count)
    }
}
