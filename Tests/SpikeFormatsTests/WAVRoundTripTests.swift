import Foundation
import SpikeEvents
import SpikeTestSupport
import Testing
@testable import SpikeFormats

/// Writes `bytes` to a fresh temporary file and returns its path.
func temporaryWAV(_ bytes: [UInt8], name: String = "t.wav") throws -> String {
    let path = try RepoPaths.temporaryDirectory("wav-test") + "/" + name
    try WAVWriter.write(bytes, to: path)
    return path
}

/// All integer samples and the mono mix of a file, read in small blocks to cross block boundaries.
func readBoth(_ path: String) throws -> (ints: [Int32], mono: [Float], reader: WAVReader) {
    let a = try WAVReader(path: path, blockFrames: 7)
    var ints: [Int32] = []
    if a.format.encoding == .integer { while let s = try a.nextIntegerSamples(maxFrames: 5) { ints += s } }
    let b = try WAVReader(path: path, blockFrames: 7)
    var mono: [Float] = []
    while let c = try b.nextChunk(maxFrames: 3) { mono += c.samples }
    return (ints, mono, b)
}

@Suite("WAV writer/reader round trips")
struct WAVRoundTripTests {
    static let values: [Int32] = [0, 1, -1, 100, -100, 127, -128, 55, -77, 3]

    @Test("integer PCM of every depth, plain and EXTENSIBLE", arguments: [8, 16, 24, 32], [false, true])
    func integerDepths(bits: Int, extensible: Bool) throws {
        let shift = Int32(bits - 8)
        let samples = Self.values.map { $0 << shift }  // full-scale-relative values that fit every depth
        let format = WAVFormat(encoding: .integer, bitsPerSample: bits, channels: 1, sampleRate: 16_000,
                               extensible: extensible)
        let path = try temporaryWAV(WAVWriter(format: format).bytes(integers: samples))
        let (ints, mono, reader) = try readBoth(path)
        #expect(reader.format.formatTag == (extensible ? 0xFFFE : 1))
        #expect(reader.format.bitsPerSample == bits && reader.frameCount == 10)
        #expect(ints == samples)
        // value / 2^(bits-1) is the same fraction for every depth: v/128.
        #expect(mono == Self.values.map { Float($0) / 128 })
    }

    @Test("32- and 64-bit float, plain and EXTENSIBLE", arguments: [32, 64], [false, true])
    func floats(bits: Int, extensible: Bool) throws {
        let samples: [Float] = [0, 0.5, -0.25, 1, -1, 0.125]
        let format = WAVFormat(encoding: .float, bitsPerSample: bits, channels: 1, sampleRate: 44_100, extensible: extensible)
        let path = try temporaryWAV(WAVWriter(format: format).bytes(floats: samples))
        let (_, mono, reader) = try readBoth(path)
        #expect(mono == samples && reader.format.encoding == .float)
        #expect(throws: EventFileError.self) { try WAVReader(path: path).nextIntegerSamples() }
    }

    @Test("stereo and 3-channel frames mix to the channel mean")
    func multichannel() throws {
        // Frames (L, R): (100, 300), (-200, 0), (32767, 32767)
        let stereo = WAVFormat(encoding: .integer, bitsPerSample: 16, channels: 2, sampleRate: 8_000)
        let path = try temporaryWAV(WAVWriter(format: stereo).bytes(integers: [100, 300, -200, 0, 32767, 32767]))
        let (ints, mono, reader) = try readBoth(path)
        #expect(reader.frameCount == 3 && ints == [100, 300, -200, 0, 32767, 32767])
        let expected: [Float] = [200, -100, 32767].map { $0 / 32768 }
        #expect(mono == expected)
        let three = WAVFormat(encoding: .integer, bitsPerSample: 8, channels: 3, sampleRate: 8_000)
        let path3 = try temporaryWAV(WAVWriter(format: three).bytes(integers: [-128, 0, 127, 30, 30, 30]))
        let mono3 = try readBoth(path3).mono
        #expect(mono3.count == 2 && abs(mono3[0] - (-1.0 / 3) / 128) < 1e-8 && abs(mono3[1] - 30.0 / 128) < 1e-7)
    }

    @Test("unknown and odd-sized chunks before and after data are skipped and listed")
    func chunkOrder() throws {
        let format = WAVFormat(encoding: .integer, bitsPerSample: 16, channels: 1, sampleRate: 16_000)
        let writer = WAVWriter(format: format,
                               chunksBeforeData: [.init(id: "JUNK", payload: [1, 2, 3]), .init(id: "bext", payload: [])],
                               chunksAfterData: [.init(id: "LIST", payload: Array("INFOISFT".utf8) + [5]),
                                                 .init(id: "id3 ", payload: [9, 9])])
        // 3 samples → 6 bytes; also an odd data chunk: 8-bit with 3 samples.
        let path = try temporaryWAV(writer.bytes(integers: [1, -2, 3]))
        let (ints, _, reader) = try readBoth(path)
        #expect(ints == [1, -2, 3])
        #expect(reader.chunks.map(\.id) == ["JUNK", "bext", "fmt ", "data", "LIST", "id3 "])
        #expect(reader.chunks.map(\.offset) == [12, 24, 32, 56, 70, 88])
        var odd = writer
        odd.format = WAVFormat(encoding: .integer, bitsPerSample: 8, channels: 1, sampleRate: 16_000)
        let oddPath = try temporaryWAV(odd.bytes(integers: [1, -2, 3]))
        let r = try readBoth(oddPath)
        #expect(r.ints == [1, -2, 3])
        #expect(r.reader.chunks.map(\.id).suffix(2) == ["LIST", "id3 "])  // found after the pad byte
    }

    @Test("a data size past the end of the file or 0xFFFFFFFF reads to EOF and says so",
          arguments: [UInt32(1_000_000), WAVReader.unknownDataSize])
    func lyingDataSize(declared: UInt32) throws {
        let format = WAVFormat(encoding: .integer, bitsPerSample: 16, channels: 1, sampleRate: 16_000)
        var bytes = WAVWriter(format: format, declaredDataSize: declared).bytes(integers: [5, 6, 7])
        bytes.append(0xAB)  // a partial frame at EOF
        let (ints, _, reader) = try readBoth(try temporaryWAV(bytes))
        #expect(ints == [5, 6, 7])
        #expect(reader.frameCount == 3 && reader.droppedTrailingBytes == 1)
        if declared == WAVReader.unknownDataSize {
            #expect(reader.extent == .unknownSize)
        } else {
            #expect(reader.extent == .exceedsFile(declared: declared, available: 7))
        }
    }

    @Test("skip moves over whole frames and stops at the end of data")
    func skipFrames() throws {
        let format = WAVFormat(encoding: .integer, bitsPerSample: 24, channels: 2, sampleRate: 16_000)
        let path = try temporaryWAV(WAVWriter(format: format).bytes(integers: [1, 2, 3, 4, 5, 6, 7, 8]))
        let reader = try WAVReader(path: path)
        try reader.skip(frames: 2)
        #expect(try reader.nextIntegerSamples() == [5, 6, 7, 8])
        #expect(try reader.nextIntegerSamples() == nil)
        let again = try WAVReader(path: path)
        try again.skip(frames: 99)
        #expect(try again.nextChunk() == nil && again.framesRead == 4)
    }
}
