#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SpikeFormats
@testable import SpikeStreaming
import SpikeTestSupport
import Testing

/// The concurrent server, bounded to a few seconds: an idle client never delays another, the limit is a JSON
/// error line, bad input gets its own error line while others are served, descriptors do not leak, and a drain
/// ends every open sample.
@Suite("Stream server concurrency")
struct StreamServerConcurrencyTests {
    static func server(_ limits: StreamServer.Limits) async throws -> StreamServer {
        try await StreamServer(port: 0, runner: StreamIOTests.runner(), limits: limits)
    }

    static var recording: [UInt8] {
        get throws { try StreamTestSupport.bytes(StreamTestSupport.nmnistFile(StreamFixtures.events())) }
    }

    /// Reads what the server sends on `fd` until it closes (bounded by the server's idle timeout).
    static func linesUntilClose(_ fd: Int32) async -> [String] {
        await onDedicatedThread(name: "test-reader") { StreamIOTests.readLines(fd) }
    }

    static func openDescriptors() throws -> Int { try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count }

    @Test("an idle client does not delay another: the busy one is answered while the idle one holds its connection")
    func idleClientDoesNotDelay() async throws {
        // A long idle timeout, so only a server that waits on the idle client (as one serving a client at a time
        // did) could answer the busy client after the idle one is gone, however loaded the test run is.
        let server = try await Self.server(.init(maxClients: 4, idleTimeout: .seconds(120), maxConnections: 2))
        let served = Task { await server.serve { _ in } }
        let idle = try TCPClient.connect(port: server.port)
        let lines = try await StreamIOTests.client(port: server.port, bytes: Self.recording)
        try StreamIOTests.expectOffline(lines, events: StreamFixtures.events())
        var waiting = pollfd(fd: idle, events: Int16(POLLIN), revents: 0)
        #expect(poll(&waiting, 1, 0) == 0, "the idle client was closed before the busy one was answered")
        shutdown(idle, Int32(SHUT_WR))
        _ = await Self.linesUntilClose(idle)
        close(idle)
        #expect(await served.value.samples == 2)
    }

    @Test("a client that sends nothing for --idle-timeout gets a JSON error line and is closed")
    func idleTimeout() async throws {
        let server = try await Self.server(.init(maxClients: 4, idleTimeout: .seconds(1), maxConnections: 1))
        let served = Task { await server.serve { _ in } }
        let idle = try TCPClient.connect(port: server.port)
        defer { close(idle) }
        let connected = ContinuousClock.now
        let idleLines = await Self.linesUntilClose(idle)
        let closedAfter = connected.duration(to: .now)
        #expect(idleLines.count == 1)
        #expect(try parse(try #require(idleLines.first))["error"].map { "\($0)".contains("--idle-timeout") } == true)
        #expect(closedAfter >= .seconds(0.9), "closed after \(closedAfter)")
        // A connection the server closed is no sample.
        #expect(await served.value.samples == 0)
    }

    @Test("over --max-clients a client gets one JSON error line and a close; the ones inside are still served")
    func overLimit() async throws {
        let server = try await Self.server(.init(maxClients: 2, idleTimeout: .seconds(60), maxConnections: 3))
        let log = CollectingSink()
        let served = Task { await server.serve { try? log.write(line: $0) } }
        let first = try TCPClient.connect(port: server.port)
        let second = try TCPClient.connect(port: server.port)
        // Both admitted before the third arrives: the first sends a byte-less close later, the second stays.
        try await Task.sleep(for: .milliseconds(200))
        let third = try TCPClient.connect(port: server.port)
        defer { close(third) }
        let refused = await Self.linesUntilClose(third)
        #expect(refused.count == 1)
        let error = try parse(try #require(refused.first))
        #expect((error["error"] as? String)?.contains("limit of 2 clients (--max-clients)") == true)
        // The admitted clients are served as usual.
        let events = StreamFixtures.events()
        StreamIOTests.writeAll(try Self.recording, to: second)
        shutdown(second, Int32(SHUT_WR))
        try StreamIOTests.expectOffline(await Self.linesUntilClose(second), events: events)
        close(second)
        shutdown(first, Int32(SHUT_WR))
        let emptySample = await Self.linesUntilClose(first)
        close(first)
        #expect(try parse(try #require(emptySample.last))["sample_end"] as? Int == 0)
        _ = await served.value
        #expect(log.all.filter { $0.contains("turned away") }.count == 1)
    }

    @Test("a huge declared AEDAT 4 packet gets that client a JSON error; a good client beside it is answered")
    func hugePacket() async throws {
        // AEDAT 4 streams are decoded on the 640×480 sensor: the model of the dv-processing tests.
        let runner = StreamRunner(model: try StreamConnectDVTests.model(), options: .init(format: .aedat4, source: "<test>"))
        let server = try await StreamServer(port: 0, runner: runner, limits: .init(maxClients: 4, maxConnections: 2))
        let served = Task { await server.serve { _ in } }
        let path = try StreamTestSupport.temporaryFile("huge.aedat4")
        let writer = try AEDAT4Writer(path: path, sensorSize: .nmnist, compression: .none)
        try writer.close()
        var bad = try StreamTestSupport.bytes(path)
        let packetAt = bad.count
        bad += [0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x7F]  // stream 0, 2 GiB
        let badLines = try await StreamIOTests.client(port: server.port, bytes: bad)
        let error = try parse(try #require(badLines.last))
        #expect((error["error"] as? String)?.contains("declares 2147483647 bytes") == true, "\(error)")
        #expect(error["offset"] as? Int == packetAt)
        let good = try StreamTestSupport.bytes(path)
        let goodLines = try await StreamIOTests.client(port: server.port, bytes: good)
        #expect(try parse(try #require(goodLines.last))["sample_end"] as? Int == 0)
        _ = await served.value
    }

    @Test("a client that sends but never reads its results is disconnected once its write buffer stays full")
    func unreadResults() async throws {
        let server = try await StreamServer(port: 0, runner: StreamIOTests.runner(), limits: .init(
            maxClients: 4, idleTimeout: .seconds(1), maxConnections: 1, writeBufferBytes: 1024))
        let log = CollectingSink()
        let served = Task { await server.serve { try? log.write(line: $0) } }
        // A small receive window, so the kernel holds little of what the client leaves unread.
        let client = try TCPClient.connect(port: server.port, receiveBuffer: 4096)
        defer { close(client) }
        // 20 s of recording (2 000 windows of 10 ms, ~300 KB of result lines), sent while nothing is read.
        var events = StreamTestSupport.events(count: 40_000, sensor: .nmnist, duration: 20_000_000, seed: 9)
        events.t = events.t.map { $0 + 1000 }
        let bytes = try StreamTestSupport.bytes(StreamTestSupport.nmnistFile(events))
        let sending = Task { await onDedicatedThread(name: "test-sender") { StreamIOTests.writeAll(bytes, to: client) } }
        let ended = Task { () -> Bool in
            _ = await served.value
            return true
        }
        let deadline = ContinuousClock.now + .seconds(60)
        while log.all.isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        let closedByServer = !log.all.isEmpty
        shutdown(client, Int32(SHUT_RDWR))  // unblocks the sender either way
        await sending.value
        #expect(await ended.value)
        #expect(closedByServer, "the server kept the connection of a client that does not read")
        #expect(log.all.first?.contains("connection 1 closed") == true, "\(log.all)")
        #expect(log.all.first?.contains("malformed") == false, "\(log.all)")
    }

    @Test("200 sequential connections leave the open descriptors as they were")
    func noDescriptorLeak() async throws {
        let server = try await Self.server(.init(maxClients: 4, maxConnections: 201))
        let served = Task { await server.serve { _ in } }
        let small = try StreamTestSupport.bytes(StreamTestSupport.nmnistFile(StreamTestSupport.events(
            count: 50, sensor: .nmnist, duration: 30_000, seed: 3)))
        _ = try await StreamIOTests.client(port: server.port, bytes: small)  // warm-up: NIO's threads and selectors
        try await Task.sleep(for: .milliseconds(100))
        let before = try Self.openDescriptors()
        var answered = 0
        for _ in 0..<200 {
            let lines = try await StreamIOTests.client(port: server.port, bytes: small)
            if (try? parse(lines.last ?? "{}"))?["sample_end"] != nil { answered += 1 }
        }
        _ = await served.value
        let after = try Self.openDescriptors()
        #expect(answered == 200)
        // Not one more (one fewer when the warm-up's server side was still closing at the first count).
        #expect(after <= before, "descriptors before \(before), after \(after)")
    }

    @Test("a drain ends the open client's sample (its sample_end arrives) and serve returns")
    func drain() async throws {
        let server = try await Self.server(.init(maxClients: 4, idleTimeout: .seconds(30)))
        let served = Task { await server.serve { _ in } }
        let client = try TCPClient.connect(port: server.port)
        defer { close(client) }
        let bytes = try Self.recording
        StreamIOTests.writeAll(Array(bytes[0..<(bytes.count / 2 / 5 * 5)]), to: client)
        try await Task.sleep(for: .milliseconds(300))
        let started = ContinuousClock.now
        // A long grace, so a slow run (ThreadSanitizer, a loaded machine) still ends the sample before any forced
        // close; serve returns as soon as the client's sample has ended, not after the grace. (The 0.5 s grace and
        // the process's exit within 1 s are checked on the real process, StreamSignalTests.)
        let draining = Task { await server.drain(grace: .seconds(30)) }
        let stats = await served.value
        #expect(started.duration(to: .now) < .seconds(25))
        draining.cancel()
        let lines = await Self.linesUntilClose(client)
        #expect(try parse(try #require(lines.last))["sample_end"] as? Int == 0)
        #expect(stats.samples == 1 && stats.windows > 0)
    }
}
