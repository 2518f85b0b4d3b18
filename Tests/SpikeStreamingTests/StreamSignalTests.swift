#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SpikeStreaming
import SpikeTestSupport
import Testing

/// The `stream` process and SIGTERM: `--listen` drains (open clients get their sample end) and exits within a
/// second; `--connect` without a publisher says so and exits non-zero.
@Suite("stream process signals", .enabled(if: SpikeStreamCLI.path != nil, "SKIPPED: no spikestream executable built"))
struct StreamSignalTests {
    @Test("SIGTERM to stream --listen: the open client's sample ends, the process drains and exits 0 within 1 s")
    func sigtermDrains() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: SpikeStreamCLI.path!)
        process.arguments = ["stream", "--listen", "0", "--spec", "40-10", "--format", "nmnist"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // The port from "listening on 127.0.0.1:PORT".
        let port = await onDedicatedThread(name: "test-stderr") { () -> Int? in
            var text = ""
            while case let chunk = errors.fileHandleForReading.availableData, !chunk.isEmpty {
                text += String(decoding: chunk, as: UTF8.self)
                if let range = text.range(of: "listening on 127.0.0.1:"),
                   let port = Int(text[range.upperBound...].prefix { $0.isNumber }) { return port }
            }
            return nil
        }
        let listening = try #require(port, "no listening line")
        let client = try TCPClient.connect(port: listening)
        defer { close(client) }
        StreamIOTests.writeAll([1, 1, 0, 0, 5, 2, 2, 0, 0, 9], to: client)
        try await Task.sleep(for: .milliseconds(300))
        let started = ContinuousClock.now
        kill(process.processIdentifier, SIGTERM)
        let lines = await onDedicatedThread(name: "test-client") { StreamIOTests.readLines(client) }
        await onDedicatedThread(name: "test-wait") { process.waitUntilExit() }
        let took = started.duration(to: .now)
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        // The process's own clock, from the signal's arrival to the end of the drain: under a second. The test's
        // wall time also holds the loaded test run's scheduling, hence its looser bound.
        #expect(took < .seconds(5), "exited \(took) after SIGTERM")
        let end = try parse(try #require(lines.last))
        #expect(end["sample_end"] as? Int == 0 && end["events"] as? Int == 2)
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("draining"))
        let drained = log.firstRange(of: "drained; exiting ").flatMap { Int(log[$0.upperBound...].prefix { $0.isNumber }) }
        #expect(try #require(drained, "\(log)") < 1000)
    }

    @Test("stream --connect with no publisher: a clear message after its retries, exit status 1")
    func noPublisher() throws {
        let port = try TCPClient.freePort()
        let result = try SpikeStreamCLI.run(["stream", "--connect", "127.0.0.1:\(port)", "--spec", "10",
                                             "--reconnect-attempts", "2"])
        #expect(result.status == 1)
        #expect(result.output.contains("no AEDAT 4 publisher at 127.0.0.1:\(port) (3 attempts, last: Connection refused)"),
                "\(result.output)")
        #expect(result.output.contains("retrying in 0.1 seconds (retry 1 of 2)"))
    }
}
