import SpikeEvents
import SpikeFormats
import SpikeStreaming
import Testing

/// Malformed input gives a typed error naming the stream byte offset, whatever the piece sizes; never a crash.
@Suite("Stream decoders on malformed input")
struct StreamDecoderErrorTests {
    /// 5-byte N-MNIST record bytes.
    static func record(x: UInt8, y: UInt8, t: UInt32) -> [UInt8] {
        [x, y, UInt8((t >> 16) & 0x7F), UInt8((t >> 8) & 0xFF), UInt8(t & 0xFF)]
    }

    /// A polarity packet header declaring `number` valid events in `capacity` slots.
    static func polarityPacket(capacity: Int32, number: Int32) -> AEDAT31PacketHeader {
        AEDAT31PacketHeader(eventType: 1, eventSource: 1, eventSize: 8, eventTSOffset: 4, eventTSOverflow: 0,
                            eventCapacity: capacity, eventNumber: number, eventValid: number)
    }

    @Test("an N-MNIST event outside the sensor names its record's offset", arguments: [1, 4, 5, 100])
    func nmnistOutside(piece: Int) throws {
        let bytes = Self.record(x: 1, y: 2, t: 10) + Self.record(x: 3, y: 4, t: 20) + Self.record(x: 5, y: 6, t: 30)
            + Self.record(x: 200, y: 1, t: 40)
        var decoder = NMNISTStreamDecoder(source: "<test>")
        var caught: EventFileError?
        var events = 0
        do {
            for start in stride(from: 0, to: bytes.count, by: piece) {
                events += try decoder.push(Array(bytes[start..<min(start + piece, bytes.count)])).count
            }
        } catch { caught = error }
        guard case .malformed(_, let offset, _) = caught else {
            Issue.record("expected a malformed-record error, got \(String(describing: caught))")
            return
        }
        #expect(offset == 15)
        #expect(events <= 3)
    }

    @Test("a stream ending inside an N-MNIST record is truncated at that record")
    func nmnistTruncated() throws {
        var decoder = NMNISTStreamDecoder(source: "<test>")
        let events = try decoder.push(Self.record(x: 1, y: 2, t: 10) + [7, 7])
        #expect(events.count == 1)
        #expect(throws: EventFileError.truncatedRecord(path: "<test>", offset: 5, recordSize: 5, bytesLeft: 2)) {
            try decoder.finish()
        }
    }

    @Test("bytes that are not AEDAT are refused at offset 0")
    func notAEDAT() throws {
        var aedat2 = AEDAT2StreamDecoder(source: "<test>")
        #expect(throws: EventFileError.self) { try aedat2.push(Array("hello, world\n".utf8)) }
        var aedat31 = AEDAT31StreamDecoder(source: "<test>")
        do {
            _ = try aedat31.push(Array("#!AER-DAT2.0\r\n".utf8))
            Issue.record("AEDAT 2.0 bytes must not pass as AEDAT 3.1")
        } catch {
            guard case .malformed(_, let offset, let reason) = error else { throw error }
            #expect(offset == 0 && reason.contains("AEDAT 2.0, not 3.x"))
        }
    }

    @Test("a corrupt AEDAT 3.1 packet header names the packet's offset")
    func aedat31BadPacket() throws {
        let header = Array("#!AER-DAT3.1\r\n#!END-HEADER\r\n".utf8)
        let packet = Self.polarityPacket(capacity: 2, number: 3)
        var decoder = AEDAT31StreamDecoder(source: "<test>")
        do {
            for byte in header + packet.bytes { _ = try decoder.push([byte]) }
            Issue.record("a packet with more events than capacity must be refused")
        } catch {
            guard case .malformed(_, let offset, _) = error else { throw error }
            #expect(offset == Int64(header.count))
        }
    }

    @Test("a stream ending inside an AEDAT 3.1 packet is an error")
    func aedat31Truncated() throws {
        let header = Array("#!AER-DAT3.1\n#!END-HEADER\n".utf8)
        let packet = Self.polarityPacket(capacity: 2, number: 2)
        var decoder = AEDAT31StreamDecoder(source: "<test>")
        _ = try decoder.push(header + packet.bytes + [1, 0, 0, 0, 5, 0, 0, 0])
        #expect(throws: EventFileError.self) { try decoder.finish() }
    }

    @Test("WAV: not RIFF, and a stream without data")
    func wavErrors() throws {
        var junk = WAVStreamDecoder(source: "<test>")
        #expect(throws: EventFileError.self) { try Array("JUNKJUNKJUNK".utf8).withUnsafeBytes { try junk.push($0) } }
        var empty = WAVStreamDecoder(source: "<test>")
        _ = try Array("RIFF\u{4}\0\0\0WAVE".utf8).withUnsafeBytes { try empty.push($0) }
        #expect(throws: EventFileError.missingChunk(path: "<test>", chunk: "fmt ", offset: 12,
                                                    reason: "the stream ends without one")) { try empty.finish() }
    }

    @Test("random bytes after a valid header give events or a typed error, never a crash", arguments: 0..<20)
    func randomBytes(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let noise = (0..<3000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        var decoders: [any EventStreamDecoder] = [
            NMNISTStreamDecoder(source: "<fuzz>"),
            AEDAT2StreamDecoder(source: "<fuzz>"),
            AEDAT31StreamDecoder(source: "<fuzz>"),
        ]
        let headers: [[UInt8]] = [[], Array("#!AER-DAT2.0\r\n".utf8), Array("#!AER-DAT3.1\r\n#!END-HEADER\r\n".utf8)]
        for i in decoders.indices {
            do {
                _ = try decoders[i].push(headers[i] + noise)
                _ = try decoders[i].finish()
            } catch {
                #expect(!error.description.isEmpty)
            }
        }
    }
}
