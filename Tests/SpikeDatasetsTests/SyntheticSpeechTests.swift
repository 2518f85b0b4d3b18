import Foundation
import SpikeEvents
import SpikeFormats
import SpikeTestSupport
import Testing
@testable import SpikeDatasets

private let espeakInstalled = (try? EspeakSynthesizer()) != nil

@Suite("Synthetic spoken commands")
struct SyntheticSpeechTests {
    /// A small set: 1 accent × 5 variants, 2 command words (2 takes), 1 unknown word, 2 s noises.
    static func small() -> SyntheticSpeechCommands.Configuration {
        var c = SyntheticSpeechCommands.Configuration()
        c.words = ["yes", "no"]
        c.unknownWords = ["cat"]
        c.accents = ["en-us"]
        c.variants = ["m1", "m3", "f1", "f2", "f4"]
        c.takesPerVoice = 2
        c.noiseSeconds = 2
        return c
    }

    @Test("a clip: the word placed in 1 s at a peak of 0.3…0.9, noise at the drawn SNR")
    func clip() throws {
        // "Speech": 0.2 s of a 440 Hz tone at 22 050 Hz; noise: a constant 0.01, so the clip off the word is the
        // scaled noise alone and the SNR can be read back.
        let tone = (0..<4_410).map { Float(0.5 * sin(2 * Double.pi * 440 * Double($0) / 22_050)) }
        var c = Self.small()
        c.snrDB = 20...20  // noise 0.03…0.09: speech + noise stays under the ±1 clamp
        let take = SyntheticSpeechCommands.Take(word: "yes", voice: "en-us+m1", take: 0, wordsPerMinute: 150, pitch: 50)
        let out = try SyntheticSpeechCommands.clip(AudioChunk(samples: tone, sampleRate: 22_050), take: take,
                                                   noises: [[Float](repeating: 0.01, count: 32_000)], configuration: c)
        #expect(out.count == 16_000)
        let floor = out.first!
        let first = out.firstIndex { $0 != floor }!, last = out.lastIndex { $0 != floor }!
        let word = first...last
        // 0.2 s at 16 kHz, less the 2 %-of-peak trim at the tone's ends (a few samples).
        #expect((3_190...3_200).contains(word.count))
        let speech = word.map { Double(out[$0] - floor) }
        let peak = speech.map(abs).max()!
        #expect(peak >= 0.3 && peak <= 0.9)
        let speechPower = speech.reduce(0) { $0 + $1 * $1 } / Double(speech.count)
        #expect(abs(10 * log10(speechPower / Double(floor * floor)) - 20) < 0.01)
        // The same take, seed and inputs give the same clip.
        #expect(try SyntheticSpeechCommands.clip(AudioChunk(samples: tone, sampleRate: 22_050), take: take,
                                                 noises: [[Float](repeating: 0.01, count: 32_000)], configuration: c) == out)
    }

    @Test("voices split whole: 20 % test, 10 % validation, seeded; takes use distinct grid points")
    func plan() {
        let set = SyntheticSpeechCommands(root: "/nonexistent", configuration: SyntheticSpeechCommands.Configuration())
        let (test, validation, train) = set.splitVoices()
        #expect(test.count == 17 && validation.count == 8 && train.count == 59)
        #expect(Set(test + validation + train).count == 84)
        let takes = set.takes()
        #expect(takes.count == 84 * (10 * 6 + 6))
        for voice in ["en-us+m1", "en-029+f5"] {
            let points = takes.filter { $0.voice == voice && $0.word == "stop" }.map { [$0.wordsPerMinute, $0.pitch] }
            #expect(points.count == 6 && Set(points).count == 6)
        }
    }

    @Test("the set on disk: Speech Commands layout, held-out voices listed, the catalog reads it, same bytes twice",
          .enabled(if: espeakInstalled, "SKIPPED: espeak-ng not installed (apt-get install espeak-ng)"))
    func generate() async throws {
        let root = try RepoPaths.temporaryDirectory("synthetic-speech") + "/speech"
        let summary = try await SyntheticSpeechCommands(root: root, configuration: Self.small()).generate()
        // 5 voices × (2 words × 2 takes + 1 unknown word).
        #expect(summary.clips == 25 && summary.testVoices.count == 1 && summary.validationVoices.count == 1)
        let fm = FileManager.default
        #expect(try fm.contentsOfDirectory(atPath: root + "/yes").count == 10)
        #expect(try fm.contentsOfDirectory(atPath: root + "/_background_noise_").sorted()
                == ["brown_noise.wav", "hum_noise.wav", "pink_noise.wav", "white_noise.wav"])
        let testing = try String(contentsOfFile: root + "/testing_list.txt", encoding: .utf8).split(separator: "\n")
        let speaker = SyntheticSpeechCommands.speaker(summary.testVoices[0])
        #expect(testing.count == 5 && testing.allSatisfy { $0.contains("/\(speaker)_nohash_") })
        let clip = try WAVReader(path: root + "/" + testing[0])
        #expect(clip.sampleRate == 16_000 && clip.format.channels == 1 && clip.format.bitsPerSample == 16)
        #expect(try clip.readAll().count == 16_000)

        let catalog = try SpeechCommandsCatalog(root: root, options: .init(task: .twelve))
        // 25 clips + 2 s of each of the 4 noises as 1 s silence windows.
        #expect(catalog.samples.count == 25 + 8)
        #expect(catalog.samples.filter { $0.split == .test && $0.label != 11 }.count == 5)

        var again = Self.small()
        again.overwrite = true
        let copy = try RepoPaths.temporaryDirectory("synthetic-speech") + "/speech"
        try await SyntheticSpeechCommands(root: copy, configuration: again).generate()
        #expect(fm.contents(atPath: root + "/" + testing[0]) == fm.contents(atPath: copy + "/" + testing[0]))
        // Overwriting: an earlier synthetic set yes, anything else no.
        try await SyntheticSpeechCommands(root: copy, configuration: again).generate()
        try "data".write(toFile: copy + "/README.txt", atomically: true, encoding: .utf8)
        await #expect(throws: SyntheticSpeechError.notSynthetic(path: copy)) {
            try await SyntheticSpeechCommands(root: copy, configuration: again).generate()
        }
        await #expect(throws: SyntheticSpeechError.outputExists(path: root)) {
            try await SyntheticSpeechCommands(root: root, configuration: Self.small()).generate()
        }
    }
}
