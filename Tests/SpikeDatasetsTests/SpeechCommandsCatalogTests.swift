import Foundation
import SpikeEvents
import SpikeFormats
import SpikeTestSupport
import Testing
@testable import SpikeDatasets

/// A small tree in the official layout, written with WAVWriter: 4 words × 3 clips (+ `_background_noise_`
/// with one 10.5 s and one 2 s file), and split lists.
private func makeTree(lists: Bool = true) throws -> String {
    let root = try RepoPaths.temporaryDirectory("speech-catalog")
    let fm = FileManager.default
    let format = WAVFormat(encoding: .integer, bitsPerSample: 16, channels: 1, sampleRate: 16_000)
    for word in ["yes", "no", "bed", "zero"] {
        try fm.createDirectory(atPath: root + "/" + word, withIntermediateDirectories: true)
        for n in 0..<3 {
            let bytes = WAVWriter(format: format).bytes(integers: [Int32](repeating: Int32(n), count: 100))
            try WAVWriter.write(bytes, to: "\(root)/\(word)/spk\(n)_nohash_0.wav")
        }
    }
    try fm.createDirectory(atPath: root + "/_background_noise_", withIntermediateDirectories: true)
    try WAVWriter.write(WAVWriter(format: format).bytes(integers: [Int32](repeating: 7, count: 168_000)),
                        to: root + "/_background_noise_/a_noise.wav")
    try WAVWriter.write(WAVWriter(format: format).bytes(integers: [Int32](repeating: -7, count: 32_000)),
                        to: root + "/_background_noise_/b_noise.wav")
    try "README".write(toFile: root + "/README.md", atomically: true, encoding: .utf8)
    if lists {
        try "yes/spk1_nohash_0.wav\nbed/spk1_nohash_0.wav\n".write(toFile: root + "/validation_list.txt", atomically: true, encoding: .utf8)
        try "yes/spk2_nohash_0.wav\nzero/spk2_nohash_0.wav\n\n".write(toFile: root + "/testing_list.txt", atomically: true, encoding: .utf8)
    }
    return root
}

@Suite("Speech Commands catalog")
struct SpeechCommandsCatalogTests {
    @Test("35-word task: a class per word folder, splits from the lists")
    func words35() throws {
        let catalog = try SpeechCommandsCatalog(root: try makeTree(), options: .init(task: .words35))
        #expect(catalog.classes == ["bed", "no", "yes", "zero"])
        #expect(catalog.samples.count == 12)
        #expect(catalog.samples(in: .validation).map(\.id) == ["bed/spk1_nohash_0.wav", "yes/spk1_nohash_0.wav"])
        #expect(catalog.samples(in: .test).map(\.id) == ["yes/spk2_nohash_0.wav", "zero/spk2_nohash_0.wav"])
        #expect(catalog.samples(in: .train).count == 8)
        #expect(catalog.samples.first!.label == 0 && catalog.samples.first!.id == "bed/spk0_nohash_0.wav")
        #expect(!catalog.samples.contains { $0.id.hasPrefix("_background_noise_") })
    }

    @Test("12-class task: core words, _unknown_, _silence_ segments cut 1 s at a time")
    func twelve() throws {
        let root = try makeTree()
        let catalog = try SpeechCommandsCatalog(root: root)
        #expect(catalog.classes.count == 12 && catalog.classes[10] == "_unknown_" && catalog.classes[11] == "_silence_")
        let labels = Dictionary(grouping: catalog.samples, by: \.label).mapValues(\.count)
        #expect(labels[0] == 3 && labels[1] == 3 && labels[10] == 6)  // yes, no, bed+zero
        // a_noise: 10.5 s → windows 0…9 (8 → validation, 9 → test); b_noise: 2 s → windows 0, 1.
        let silence = catalog.samples.filter { $0.label == 11 }
        #expect(silence.count == 12)
        #expect(silence.filter { $0.split == .validation }.map(\.id) == ["_background_noise_/a_noise.wav#8000000-9000000"])
        #expect(silence.filter { $0.split == .test }.map(\.source)
                == [.segment(path: root + "/_background_noise_/a_noise.wav", start: 9_000_000, end: 10_000_000)])
        let clip = try WAVReader.read(silence.first { $0.split == .validation }!.source)
        #expect(clip.count == 16_000 && clip.samples.allSatisfy { $0 == 7.0 / 32768 })
        // Order: split code (train 0, test 1, validation 2), then label, then id.
        let keys = catalog.samples.map { [Int($0.split.rawValue), $0.label] }
        #expect(keys == keys.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) })
    }

    @Test("_silence_ as the largest class is named with its share and source; the 35-word task has no such class")
    func silenceShare() throws {
        let root = try makeTree()
        // 12 of 24 samples are _silence_ (10 windows of a_noise, 2 of b_noise), more than _unknown_'s 6.
        #expect(try SpeechCommandsCatalog(root: root).silenceShareWarning
                == "_silence_ is the largest class: 12 of 24 samples (50 %) are 1 s cuts of the 2 file(s) in "
                + "_background_noise_ (how the 12-class task makes that class). A model that always answers _silence_ "
                + "would score about that: judge models by balanced accuracy (train's log and infer print it)")
        #expect(try SpeechCommandsCatalog(root: root, options: .init(task: .words35)).silenceShareWarning == nil)
        // Cut 4 s windows instead: 2 from a_noise, none from b_noise, fewer than _unknown_'s 6.
        #expect(try SpeechCommandsCatalog(root: root, options: .init(silenceMicroseconds: 4_000_000)).silenceShareWarning == nil)
    }

    @Test("rebalancing repeats seeded-random training samples up to the largest class")
    func rebalance() throws {
        let root = try makeTree()
        let a = try SpeechCommandsCatalog(root: root, options: .init(rebalance: true, seed: 3))
        let b = try SpeechCommandsCatalog(root: root, options: .init(rebalance: true, seed: 3))
        #expect(a.samples == b.samples)
        let train = a.samples(in: .train)
        let counts = Dictionary(grouping: train, by: \.label).mapValues(\.count)
        // Largest training class: _silence_ with 8 + 2 = 10 windows.
        #expect(counts.values.allSatisfy { $0 == 10 } && counts.count == 4)  // yes, no, _unknown_, _silence_
        #expect(Set(train.map(\.id)).count == train.count)
        #expect(train.filter { $0.label == 0 }.filter { $0.id.contains("#rep") }.count == 9)  // 1 clip of "yes" trains
        #expect(a.samples(in: .test) == (try SpeechCommandsCatalog(root: root)).samples(in: .test))
    }

    @Test("missing lists, missing listed files, missing noise give errors naming the path")
    func errors() throws {
        let noLists = try makeTree(lists: false)
        #expect(throws: SpeechCommandsCatalogError.missingList(path: noLists + "/validation_list.txt")) {
            try SpeechCommandsCatalog(root: noLists)
        }
        let root = try makeTree()
        try "yes/gone_nohash_0.wav\n".write(toFile: root + "/testing_list.txt", atomically: true, encoding: .utf8)
        #expect(throws: SpeechCommandsCatalogError.listedFileMissing(list: root + "/testing_list.txt", line: 1,
                                                                    entry: "yes/gone_nohash_0.wav")) {
            try SpeechCommandsCatalog(root: root)
        }
        let quiet = try makeTree()
        try FileManager.default.removeItem(atPath: quiet + "/_background_noise_")
        #expect(throws: SpeechCommandsCatalogError.noBackgroundNoise(folder: quiet + "/_background_noise_")) {
            try SpeechCommandsCatalog(root: quiet)
        }
        #expect(try SpeechCommandsCatalog(root: quiet, options: .init(task: .words35)).samples.count == 12)
        #expect(throws: SpeechCommandsCatalogError.rootNotFound(path: "/nonexistent/sc")) {
            try SpeechCommandsCatalog(root: "/nonexistent/sc")
        }
    }

    @Test("noise mixing is seeded per sample id and adds a scaled noise window")
    func noiseMixing() throws {
        let noise = AudioChunk(samples: (0..<1000).map { Float($0 % 7) / 10 }, sampleRate: 16_000)
        let mixer = SpeechCommandsNoiseMixer(noises: [noise], probability: 1, maxVolume: 0.5, seed: 9)
        let clip = AudioChunk(samples: [Float](repeating: 0, count: 100), sampleRate: 16_000)
        let a = mixer.mix(clip, sampleID: "yes/x.wav"), b = mixer.mix(clip, sampleID: "yes/x.wav")
        #expect(a == b && a != clip)
        // The result is volume · noise[start + i] for one volume and start.
        let start = (0...900).first { s in
            let v = a.samples[1] / max(noise.samples[s + 1], 1e-9)
            return (0..<100).allSatisfy { abs(a.samples[$0] - v * noise.samples[s + $0]) < 1e-6 }
        }
        #expect(start != nil)
        #expect(SpeechCommandsNoiseMixer(noises: [noise], probability: 0).mix(clip, sampleID: "a") == clip)
        #expect(SpeechCommandsNoiseMixer.stableHash("a") == 0xaf63_dc4c_8601_ec8c)  // FNV-1a test vector
    }
}
