#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SpikeFormats
@testable import SpikeStreaming
import Testing

/// `stream --connect` fed bad input by a publisher: each gets a JSON error line and the run stops with the error.
@Suite("stream --connect on bad input")
struct StreamConnectBadInputTests {
    /// A one-shot publisher: listens on a free loopback port, sends `bytes` to the first client, closes.
    static func publishOnce(_ bytes: [UInt8]) throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, 1) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        try #require(bound)
        let thread = Thread {
            let client = accept(fd, nil, nil)
            StreamIOTests.writeAll(bytes, to: client)
            close(client)
            close(fd)
        }
        thread.start()
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func connect(to bytes: [UInt8]) async throws -> (lines: [String], error: StreamError?) {
        let port = try Self.publishOnce(bytes)
        let sink = CollectingSink()
        let client = NetworkStreamClient(model: try StreamConnectDVTests.model(),
                                         options: .init(host: "127.0.0.1", port: port, reconnectAttempts: 0))
        do throws(StreamError) {
            _ = try await client.run(sink: sink) { _ in }
            return (sink.all, nil)
        } catch {
            return (sink.all, error)
        }
    }

    @Test("garbage instead of an AEDAT 4 header: a JSON error at offset 0")
    func garbage() async throws {
        let (lines, error) = try await Self.connect(to: Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        let line = try parse(try #require(lines.last))
        #expect((line["error"] as? String)?.contains("IOHeader length") == true, "\(line)")
        #expect(line["offset"] as? Int == 0)
        #expect(error != nil)
    }

    @Test("a publisher of IMU data only: a JSON error saying the stream lists no event stream")
    func noEventStream() async throws {
        let description = """
            <dv version="2.0"><node name="outInfo" path="/outInfo/"><node name="2" path="/outInfo/2/">\
            <attr key="typeIdentifier" type="string">IMUS</attr></node></node></dv>
            """
        let header = AEDAT4Header(compression: .none, description: description).fileBytes
        let (lines, error) = try await Self.connect(to: Array(header.dropFirst(AEDAT4Header.versionLine.count)))
        let line = try parse(try #require(lines.last))
        #expect((line["error"] as? String)?.contains("lists no event stream (typeIdentifier EVTS)") == true, "\(line)")
        #expect(error != nil)
    }
}
