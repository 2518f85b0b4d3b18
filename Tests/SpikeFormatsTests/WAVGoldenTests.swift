import Foundation
import SpikeEvents
import SpikeTestSupport
import Testing
@testable import SpikeFormats

/// The fields of a WAV golden JSON (MANIFEST.md, "Golden files"), decoded by libsndfile as int16.
struct WAVGolden: Decodable {
    struct Chunk: Decodable { let id: String; let offset: Int64; let size: UInt32 }
    struct Fmt: Decodable {
        let format_tag: UInt16; let channels: Int; let sample_rate: Int; let byte_rate: Int; let block_align: Int
        let bits_per_sample: Int
    }
    let riff_size_field: UInt32
    let chunks: [Chunk]
    let fmt: Fmt
    let sample_rate: Int
    let channels: Int
    let bits: Int
    let frame_count: Int64
    let sample_sum: Int64
    let sample_min: Int64
    let sample_max: Int64
    let sample_sum_abs: Int64
    let sample_sum_squares: Int64
    let first_samples: [Int64]
    let last_samples: [Int64]
}

extension WAVReader {
    /// Every remaining integer sample, interleaved.
    func readIntegers() throws -> [Int32] {
        var all: [Int32] = []
        while let s = try nextIntegerSamples(maxFrames: 1 << 16) { all += s }
        return all
    }
}

@Suite("WAV golden files", .enabled(if: SharedSamples.available, SharedSamples.skipReason))
struct WAVGoldenTests {
    static let wavs = SharedSamples.available ? SharedSamples.files(in: "speechcommands", extensions: ["wav"]) : []

    @Test("every golden WAV has a sample file", .enabled(if: SharedSamples.available))
    func allGoldensCovered() throws {
        let goldens = try FileManager.default.contentsOfDirectory(atPath: SharedSamples.path("golden"))
            .filter { $0.hasSuffix(".wav.json") }
        #expect(goldens.count == 18)
        #expect(Set(goldens) == Set(Self.wavs.map { ($0 as NSString).lastPathComponent + ".json" }))
    }

    @Test("integer samples, header and chunks match libsndfile", arguments: wavs)
    func matchesGolden(_ file: String) throws {
        let name = (file as NSString).lastPathComponent
        let data = try Data(contentsOf: URL(fileURLWithPath: SharedSamples.path("golden/\(name).json")))
        let g = try JSONDecoder().decode(WAVGolden.self, from: data)
        let reader = try WAVReader(path: SharedSamples.path(file), blockFrames: 3000)
        #expect(reader.format.sampleRate == g.sample_rate && reader.format.channels == g.channels)
        #expect(reader.format.bitsPerSample == g.bits && reader.format.formatTag == g.fmt.format_tag)
        #expect(reader.format.byteRate == g.fmt.byte_rate && reader.format.blockAlign == g.fmt.block_align)
        #expect(reader.riffSize == g.riff_size_field)
        #expect(reader.frameCount == g.frame_count)
        #expect(reader.extent == .declared)
        let stats = try WAVStatistics.of(reader)
        #expect(stats.count == g.frame_count)
        #expect(stats.sum == g.sample_sum && stats.sumAbs == g.sample_sum_abs && stats.sumSquares == g.sample_sum_squares)
        #expect(stats.min == g.sample_min && stats.max == g.sample_max)
        #expect(stats.first == g.first_samples && stats.last == g.last_samples)
        #expect(reader.chunks.map(\.id) == g.chunks.map(\.id))
        #expect(reader.chunks.map(\.offset) == g.chunks.map(\.offset))
        #expect(reader.chunks.map(\.size) == g.chunks.map(\.size))
        #expect(reader.droppedTrailingBytes == 0)
    }

    @Test("mono floats are the int16 samples / 32768", arguments: wavs)
    func floatsMatchIntegers(_ file: String) throws {
        let ints = try WAVReader(path: SharedSamples.path(file), blockFrames: 1 << 16).readIntegers()
        let audio = try WAVReader(path: SharedSamples.path(file), blockFrames: 777).readAll()
        #expect(audio.sampleRate == 16_000 && audio.count == ints.count)
        let same = audio.samples.elementsEqual(ints.lazy.map { Float($0) / 32768 })  // a Bool: no 1.5 M-element diff
        #expect(same)
    }

    @Test("a segment reads exactly its frames")
    func segment() throws {
        let file = SharedSamples.path("speechcommands/sc_bg_doing_the_dishes.wav")
        let all = try WAVReader(path: file).readAll()
        let clip = try WAVReader.read(.segment(path: file, start: 60_000_000, end: 61_000_000))
        #expect(clip.count == 16_000 && clip.startFrame == 960_000)
        let same = clip.samples == Array(all.samples[960_000..<976_000])
        #expect(same)
        let tail = try WAVReader.read(.segment(path: file, start: 95_000_000, end: 96_000_000))
        #expect(tail.count == 1_522_930 - 1_520_000)  // clipped at the end of the data
    }
}
