import Foundation
import SpikeAudio
import SpikeEvents
import SpikeFormats
import SpikeStreaming
import SpikeTestSupport
import Testing

/// Every stream decoder fed a file in random-sized pieces yields exactly the file reader's events.
@Suite("Stream decoders match the file readers")
struct StreamDecoderTests {
    static let seeds: [UInt64] = [1, 2, 3]

    /// The mono samples of WAV `bytes` pushed in pieces of 1…`maxPiece` bytes.
    static func pushWAV(_ bytes: [UInt8], source: String, seed: UInt64, maxPiece: Int) throws -> [Float] {
        var wav = WAVStreamDecoder(source: source)
        var random = SplitMix64(seed: seed)
        var samples: [Float] = []
        var at = 0
        while at < bytes.count {
            let n = min(1 + random.index(below: maxPiece), bytes.count - at)
            samples += try Array(bytes[at..<(at + n)]).withUnsafeBytes { try wav.push($0) }
            at += n
        }
        try wav.finish()
        return samples
    }

    @Test("N-MNIST shared samples", .enabled(if: SharedSamples.available, SharedSamples.skipReason), arguments: seeds)
    func nmnistShared(seed: UInt64) throws {
        for file in SharedSamples.files(in: "nmnist", extensions: ["bin", "bs2"]) {
            let path = SharedSamples.path(file)
            var decoder = NMNISTStreamDecoder(source: path)
            let streamed = try StreamTestSupport.pushInPieces(StreamTestSupport.bytes(path), into: &decoder, seed: seed)
            #expect(streamed == (try NMNISTReader(path: path).readAll()), "\(file)")
            #expect(streamed.count > 1000)
        }
    }

    @Test("camera formats through StreamFormat (AEDAT 4, EVT 2.0, EVT 3.0, DAT shared samples)",
          .enabled(if: SharedSamples.available, SharedSamples.skipReason), arguments: seeds)
    func cameraFormatsShared(seed: UInt64) throws {
        let samples: [(String, StreamFormat)] = [
            ("aedat4/tonic_sample.aedat4", .aedat4), ("prophesee/expelliarmus_evt2_sample.raw", .evt2),
            ("prophesee/expelliarmus_evt3_sample.raw", .evt3), ("prophesee/tonic_sample_ncars.dat", .dat),
        ]
        for (file, format) in samples {
            let path = SharedSamples.path(file)
            var decoder = try format.makeDecoder(source: path)
            let streamed = try StreamTestSupport.pushInPieces(StreamTestSupport.bytes(path), into: &decoder, seed: seed)
            let reader = try #require(EventFileFormat(rawValue: format.rawValue)).openReader(path: path)
            #expect(streamed == (try reader.readAll()), "\(file)")
            #expect(streamed.count > 2000)
        }
    }

    @Test("every event file format can be streamed under the same name")
    func everyFileFormatStreams() {
        for format in EventFileFormat.allCases {
            #expect(StreamFormat(rawValue: format.rawValue) != nil, "\(format)")
        }
    }

    @Test("N-MNIST from the writer, across overflow markers", arguments: seeds)
    func nmnistWritten(seed: UInt64) throws {
        let events = StreamTestSupport.events(count: 5000, sensor: .nmnist, duration: 30_000_000, seed: seed)
        let path = try StreamTestSupport.nmnistFile(events)
        let reader = try NMNISTReader(path: path)
        let expected = try reader.readAll()
        #expect(reader.overflowMarkers > 0)
        var decoder = NMNISTStreamDecoder(source: path)
        #expect(try StreamTestSupport.pushInPieces(StreamTestSupport.bytes(path), into: &decoder, seed: seed) == expected)
        #expect(expected == events)
    }

    @Test("AEDAT 2.0 MNIST-DVS samples in every orientation", .enabled(if: SharedSamples.available, SharedSamples.skipReason),
          arguments: DVS128Orientation.allCases)
    func aedat2Shared(orientation: DVS128Orientation) throws {
        for file in SharedSamples.files(in: "mnist-dvs-aedat2", extensions: ["aedat"]) {
            let path = SharedSamples.path(file)
            var decoder = AEDAT2StreamDecoder(source: path, orientation: orientation)
            let streamed = try StreamTestSupport.pushInPieces(StreamTestSupport.bytes(path), into: &decoder, seed: 7)
            let reader = try AEDAT2Reader(path: path, orientation: orientation)
            #expect(streamed == (try reader.readAll()), "\(file)")
            #expect(decoder.header == reader.header)
        }
    }

    @Test("AEDAT 2.0 from the writer", arguments: seeds)
    func aedat2Written(seed: UInt64) throws {
        let events = StreamTestSupport.events(count: 4000, sensor: .dvs128, duration: 2_000_000, seed: seed)
        let path = try StreamTestSupport.temporaryFile("sample.aedat")
        let writer = try AEDAT2Writer(path: path)
        try writer.write(events)
        try writer.close()
        var decoder = AEDAT2StreamDecoder(source: path)
        let streamed = try StreamTestSupport.pushInPieces(StreamTestSupport.bytes(path), into: &decoder, seed: seed)
        #expect(streamed == (try AEDAT2Reader(path: path).readAll()))
        #expect(streamed.count == events.count)
    }

    @Test("AEDAT 3.1 committed fixtures (other packet types, spare slots, invalid events)", arguments: seeds)
    func aedat31Fixtures(seed: UInt64) throws {
        for name in ["valid_mixed.aedat", "invalid_spare.aedat"] {
            let path = RepoPaths.root + "/Tests/SpikeFormatsTests/Fixtures/aedat31/" + name
            var decoder = AEDAT31StreamDecoder(source: path)
            let streamed = try StreamTestSupport.pushInPieces(StreamTestSupport.bytes(path), into: &decoder, seed: seed,
                                                              maxPiece: 40)
            let expected = try AEDAT31Reader(path: path).readAll()
            #expect(streamed == expected, "\(name)")
            #expect(expected.count >= 25)
        }
    }

    @Test("WAV speech commands: samples, and front-end events", .enabled(if: SharedSamples.available, SharedSamples.skipReason))
    func wavShared() throws {
        let encoding = AudioEventEncoding()
        for file in SharedSamples.files(in: "speechcommands", extensions: ["wav"]).prefix(4) {
            let path = SharedSamples.path(file)
            let bytes = try StreamTestSupport.bytes(path)
            let samples = try Self.pushWAV(bytes, source: path, seed: 5, maxPiece: 999)
            let audio = try WAVReader(path: path).readAll()
            #expect(samples == audio.samples, "\(file)")

            var decoder = try WAVEventStreamDecoder(source: path, encoding: encoding, maxSamples: 1 << 23)
            let events = try StreamTestSupport.pushInPieces(bytes, into: &decoder, seed: 9)
            #expect(events == (try AudioEventEncoder(encoding).events(audio)), "\(file)")
            #expect(events.count > 0)
        }
    }

    @Test("WAV from the writer: 24-bit stereo, chunks before and after data, odd sizes", arguments: seeds)
    func wavWritten(seed: UInt64) throws {
        let format = WAVFormat(encoding: .integer, bitsPerSample: 24, channels: 2, sampleRate: 16_000)
        let writer = WAVWriter(format: format, chunksBeforeData: [.init(id: "LIST", payload: [1, 2, 3])],
                               chunksAfterData: [.init(id: "id3 ", payload: [9, 9, 9, 9, 9])])
        var random = SplitMix64(seed: seed)
        let integers = (0..<6000).map { _ in Int32(random.index(below: 1 << 20)) - (1 << 19) }
        let path = try StreamTestSupport.temporaryFile("sample.wav")
        try WAVWriter.write(writer.bytes(integers: integers), to: path)
        let samples = try Self.pushWAV(StreamTestSupport.bytes(path), source: path, seed: seed, maxPiece: 50)
        #expect(samples == (try WAVReader(path: path).readAll().samples))
        #expect(samples.count == 3000)
    }
}
