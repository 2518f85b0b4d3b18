import Foundation
import SpikeFormats
import SpikeTestSupport
import Testing

/// A speech pipeline's own cache is scored by `infer` without `--force`: preprocess bins every clip over the fixed
/// 1 s span, and the model's pipeline (no start/end given) must be compared with that, not called "binned otherwise".
@Suite("speech pipeline → infer", .enabled(if: SpikeStreamCLI.path != nil, "SKIPPED: no spikestream executable built"))
struct SpeechPipelineInferTests {
    /// yes/no/bed × 3 speakers of tone bursts (a different pitch per word), background noise, split lists.
    static func speechTree(in folder: String) throws -> String {
        let root = folder + "/speech", fm = FileManager.default
        let format = WAVFormat(encoding: .integer, bitsPerSample: 16, channels: 1, sampleRate: 16_000)
        func tone(_ hz: Double, from start: Int, count: Int) -> [Int32] {
            (0..<16_000).map { i in
                i >= start && i < start + count ? Int32(8_000 * sin(2 * Double.pi * hz * Double(i) / 16_000)) : Int32(i % 7) - 3
            }
        }
        for (word, hz) in [("yes", 440.0), ("no", 1_250.0), ("bed", 2_600.0)] {
            try fm.createDirectory(atPath: root + "/" + word, withIntermediateDirectories: true)
            for n in 0..<3 {
                try WAVWriter.write(WAVWriter(format: format).bytes(integers: tone(hz, from: 2_000 + 1_500 * n, count: 6_000)),
                                    to: "\(root)/\(word)/spk\(n)_nohash_0.wav")
            }
        }
        try fm.createDirectory(atPath: root + "/_background_noise_", withIntermediateDirectories: true)
        try WAVWriter.write(WAVWriter(format: format).bytes(integers: (0..<32_000).map { Int32(($0 &* 7_919) % 601) - 300 }),
                            to: root + "/_background_noise_/noise.wav")
        try "yes/spk1_nohash_0.wav\n".write(toFile: root + "/validation_list.txt", atomically: true, encoding: .utf8)
        try "yes/spk2_nohash_0.wav\nno/spk2_nohash_0.wav\n".write(toFile: root + "/testing_list.txt", atomically: true,
                                                                     encoding: .utf8)
        return root
    }

    @Test("train a 12-class speech pipeline, then infer on its cache: scored, no binning refusal")
    func inferScoresTheSpeechCache() throws {
        let folder = try RepoPaths.temporaryDirectory("speech-infer")
        let root = try Self.speechTree(in: folder), cache = folder + "/speech.T10.h5"
        let yaml = folder + "/speech.yaml"
        try """
            name: speech-infer
            dataset: {name: speechcommands, root: \(root), task: "12"}
            binning: {time_bins: 10}
            cache: {path: \(cache)}
            network: {spec: 80-12, input: binary}
            epochs: 1
            batch_size: 4
            seed: 2
            """.write(toFile: yaml, atomically: true, encoding: .utf8)
        let trained = try SpikeStreamCLI.run(["train", "--pipeline", yaml, "--out", folder + "/run"])
        #expect(trained.status == 0, "\(trained.output)")
        let scored = try SpikeStreamCLI.run(["infer", "--model", folder + "/run/model.h5", "--cache", cache])
        #expect(scored.status == 0, "\(scored.output)")
        #expect(!scored.output.contains("binned otherwise"))
        #expect(scored.output.contains("accuracy"))
    }
}
