import Foundation
import SpikeEvents
import SpikeFormats
import SpikeTestSupport
import Testing

@Suite("AEDAT 4 reader against the shared real sample")
struct AEDAT4GoldenTests {
    static let sample = "aedat4/tonic_sample.aedat4"

    // The golden's sum_t (179,746,344,603,429,281,628) exceeds Int64: DV timestamps are absolute µs since the
    // Unix epoch, so `expectMatches` sums them in 128 bits and also checks sum_t_minus_t_min.
    @Test("decodes the sample exactly as the golden", .enabled(if: SharedSamples.available, SharedSamples.skipReason))
    func matchesGolden() throws {
        let path = SharedSamples.path(Self.sample)
        #expect(EventFileFormat.detect(path: path) == .aedat4)
        let reader = try AEDAT4Reader(path: path)
        #expect(reader.sensorSize == SensorSize(width: 320, height: 240))
        #expect(reader.header.compression == .lz4)
        #expect(reader.header.dataTablePosition == 945_243)
        try reader.readAll().expectMatches(SharedSamples.golden(for: Self.sample))
        // 59 packets of the event stream 0; the 59 IMU packets of stream 2 are skipped by their size.
        #expect(reader.eventPackets == 59)
        #expect(reader.skippedPackets == 59)
    }

    @Test("small chunks, small blocks and odd-sized pushes give the whole decoding",
          .enabled(if: SharedSamples.available, SharedSamples.skipReason))
    func chunkedEqualsWhole() throws {
        let path = SharedSamples.path(Self.sample)
        let whole = try AEDAT4Reader(path: path).readAll()
        let reader = try AEDAT4Reader(path: path, blockBytes: 1009, mapLimit: 0)  // read, not mapped
        var joined = EventChunk()
        while let chunk = try reader.nextChunk(maxEvents: 1000) {
            #expect(chunk.count <= 1000 && chunk.count > 0)
            joined.append(contentsOf: chunk)
        }
        #expect(joined == whole)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var decoder = AEDAT4StreamDecoder(source: "<test>")
        var pushed = EventChunk()
        for start in stride(from: 0, to: bytes.count, by: 4093) {
            pushed.append(contentsOf: try decoder.push(Array(bytes[start..<min(bytes.count, start + 4093)])))
        }
        pushed.append(contentsOf: try decoder.finish())
        #expect(pushed == whole)
    }

    @Test("the writer's files decode to the same events, whatever the compression",
          .enabled(if: SharedSamples.available, SharedSamples.skipReason), arguments: AEDAT4Header.Compression.allCases)
    func writerRoundTrip(compression: AEDAT4Header.Compression) throws {
        let events = try AEDAT4Reader(path: SharedSamples.path(Self.sample)).readAll()
        let out = try RepoPaths.temporaryDirectory() + "/copy.aedat4"
        let writer = try AEDAT4Writer(path: out, sensorSize: SensorSize(width: 320, height: 240),
                                      compression: compression, streamID: 7)
        try writer.write(events.slice(0..<50_000), packetEvents: 3000)
        try writer.writeOtherPacket(streamID: 2, body: [UInt8](repeating: 0xAB, count: 5000))
        try writer.write(events.slice(50_000..<events.count), packetEvents: 3000)
        try writer.close()
        let copy = try AEDAT4Reader(path: out)
        #expect(copy.header.compression == compression)
        #expect(copy.sensorSize == SensorSize(width: 320, height: 240))
        #expect(try copy.readAll() == events)
        #expect(copy.skippedPackets == 1)
    }
}
