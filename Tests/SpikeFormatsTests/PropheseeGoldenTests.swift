import Foundation
import SpikeEvents
import SpikeFormats
import SpikeTestSupport
import Testing

/// The golden JSON parts of the Prophesee samples beyond the shared fields.
private struct PropheseeGolden: Decodable {
    let header_lines: [String]
    let data_start_byte: Int64
    let sensor_size: [Int]

    static func load(_ sample: String) throws -> PropheseeGolden {
        let name = (sample as NSString).lastPathComponent
        let data = try Data(contentsOf: URL(fileURLWithPath: SharedSamples.path("golden/\(name).json")))
        return try JSONDecoder().decode(PropheseeGolden.self, from: data)
    }
}

@Suite("Prophesee RAW and DAT readers against the shared real samples")
struct PropheseeGoldenTests {
    static let samples: [(String, PropheseeEncoding)] = [
        ("prophesee/expelliarmus_evt2_sample.raw", .evt2),
        ("prophesee/expelliarmus_evt3_sample.raw", .evt3),
        ("prophesee/tonic_sample_ncars.dat", .dat),
    ]

    // EVT 2.0 and EVT 3.0 goldens are the output of Prophesee's own reference decoders (openeb
    // standalone_samples). For EVT 3.0 we follow Prophesee, not expelliarmus: expelliarmus 1.1.12 counts every
    // decrease of TIME_LOW as a 4096 µs wrap and gets 199,475 of the 219,596 timestamps of this sample wrong
    // (t_max 11,772,513 instead of 11,727,457), so its output (and the .npy it ships) is not an oracle here.
    @Test("decodes every sample exactly as the golden", .enabled(if: SharedSamples.available, SharedSamples.skipReason),
          arguments: samples)
    func matchesGolden(sample: String, encoding: PropheseeEncoding) throws {
        let path = SharedSamples.path(sample)
        #expect(EventFileFormat.detect(path: path)?.rawValue == encoding.rawValue)
        let reader = try PropheseeReader(path: path, encoding: encoding)
        let golden = try PropheseeGolden.load(sample)
        #expect(reader.header.lines == golden.header_lines)
        #expect(reader.header.dataOffset == golden.data_start_byte)
        #expect([reader.sensorSize.width, reader.sensorSize.height] == golden.sensor_size)
        try reader.readAll().expectMatches(SharedSamples.golden(for: sample))
    }

    @Test("the EVT 3.0 sample's timestamps are Prophesee's, not expelliarmus's",
          .enabled(if: SharedSamples.available, SharedSamples.skipReason))
    func evt3FollowsProphesee() throws {
        let events = try PropheseeReader(path: SharedSamples.path(Self.samples[1].0), encoding: .evt3).readAll()
        #expect(events.t.max() == 11_727_457)
        #expect(events.t.max() != 11_772_513, "expelliarmus's TIME_LOW-wrap reading")
    }

    /// `whole` decodes the mapped file, `reader` reads it through its 997-byte buffer.
    @Test("small chunks and small blocks concatenate to the whole decoding",
          .enabled(if: SharedSamples.available, SharedSamples.skipReason), arguments: samples)
    func chunkedEqualsWhole(sample: String, encoding: PropheseeEncoding) throws {
        let path = SharedSamples.path(sample)
        let whole = try PropheseeReader(path: path, encoding: encoding).readAll()
        let reader = try PropheseeReader(path: path, encoding: encoding, blockBytes: 997, mapLimit: 0)
        var joined = EventChunk()
        while let chunk = try reader.nextChunk(maxEvents: 777) {
            #expect(chunk.count <= 777 && chunk.count > 0)
            joined.append(contentsOf: chunk)
        }
        #expect(joined == whole)
    }

    @Test("the stream decoder fed odd-sized pieces equals the file reader",
          .enabled(if: SharedSamples.available, SharedSamples.skipReason), arguments: samples)
    func streamEqualsFile(sample: String, encoding: PropheseeEncoding) throws {
        let path = SharedSamples.path(sample)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var decoder = PropheseeStreamDecoder(source: "<test>", encoding: encoding)
        var events = EventChunk()
        var at = 0
        var piece = 1
        while at < bytes.count {
            let end = min(bytes.count, at + piece)
            events.append(contentsOf: try decoder.push(Array(bytes[at..<end])))
            at = end
            piece = piece * 3 % 8191 + 1
        }
        events.append(contentsOf: try decoder.finish())
        #expect(decoder.offset == Int64(bytes.count))
        #expect(events == (try PropheseeReader(path: path, encoding: encoding).readAll()))
    }

    @Test("the writer's file decodes to the same events", .enabled(if: SharedSamples.available, SharedSamples.skipReason),
          arguments: samples)
    func writerRoundTrip(sample: String, encoding: PropheseeEncoding) throws {
        let reader = try PropheseeReader(path: SharedSamples.path(sample), encoding: encoding)
        let events = try reader.readAll()
        let out = try RepoPaths.temporaryDirectory() + "/copy.\(encoding == .dat ? "dat" : "raw")"
        let writer = try PropheseeWriter(path: out, encoding: encoding, sensorSize: reader.sensorSize)
        try writer.write(events)
        try writer.close()
        #expect(EventFileFormat.detect(path: out)?.rawValue == encoding.rawValue)
        let copy = try PropheseeReader(path: out, encoding: encoding)
        #expect(copy.sensorSize == reader.sensorSize)
        #expect(try copy.readAll() == events)
    }
}
