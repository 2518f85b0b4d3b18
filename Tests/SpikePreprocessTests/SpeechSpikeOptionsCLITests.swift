import Foundation
import SpikeCache
import SpikeTestSupport
import Testing

/// The speech spike options through the real `spikestream`: they reach the cache key and attributes, and
/// `bench speech-spikes` (what scripts/measure-speech-spikes runs) reports the in-speech fraction.
@Suite("Speech spike options in the CLI",
       .enabled(if: SharedSamples.available, SharedSamples.skipReason),
       .enabled(if: SpikeStreamCLI.path != nil, "SKIPPED: the spikestream executable is not built next to the tests"))
struct SpeechSpikeOptionsCLITests {
    /// A two-word Speech Commands layout from the shared clips (yes = train, no = test).
    static func layout() throws -> String {
        let root = try RepoPaths.temporaryDirectory("spikestream-speech-options") + "/speech"
        for word in ["yes", "no"] {
            let clip = SharedSamples.files(in: "speechcommands", extensions: ["wav"]).first { $0.contains("sc_v002_test_\(word)_") }!
            try FileManager.default.createDirectory(atPath: "\(root)/\(word)", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: SharedSamples.path(clip), toPath: "\(root)/\(word)/aaaa1111_nohash_0.wav")
        }
        try "".write(toFile: root + "/validation_list.txt", atomically: true, encoding: .utf8)
        try "no/aaaa1111_nohash_0.wav\n".write(toFile: root + "/testing_list.txt", atomically: true, encoding: .utf8)
        return root
    }

    @Test("noise floor, mel range and encoder options change the cache key, the stored encoding and the polarity planes")
    func cacheKey() throws {
        let root = try Self.layout()
        let common = ["preprocess", "--dataset", "speechcommands", "--task", "35", "--root", root, "--time-bins", "10",
                      "--workers", "1"]
        let (plainStatus, _) = try InterruptedPreprocessTests.run(common + ["--out", root + "-default.h5"])
        let (tunedStatus, _) = try InterruptedPreprocessTests.run(common + [
            "--out", root + "-tuned.h5", "--noise-floor-db", "45", "--absolute-floor-db=-60",
            "--spike-encoding", "cumulative-delta", "--threshold-db", "4", "--mel-max-hz", "8000"])
        #expect(plainStatus == 0 && tunedStatus == 0)
        let plain = try CacheReader(path: root + "-default.h5"), tuned = try CacheReader(path: root + "-tuned.h5")
        #expect(plain.cacheKey != tuned.cacheKey)
        let stored = try #require(tuned.attributes["audio_encoding"])
        #expect(stored.contains("\"topDB\":45") && stored.contains("\"amin\":1e-06") && stored.contains("cumulativeDelta"))
        #expect(stored.contains("\"fMax\":8000") && plain.attributes["audio_encoding"]!.contains("\"fMax\":4000"))
        #expect(plain.attributes["audio_encoding"]!.contains("\"topDB\":40"))
        #expect(plain.geometry.channels == 2 && tuned.geometry.channels == 1)
    }

    @Test("bench speech-spikes: the default encoding puts ≥ 85 % of the word clips' spikes in speech")
    func inSpeechFraction() throws {
        let words = SharedSamples.files(in: "speechcommands", extensions: ["wav"])
            .filter { $0.contains("sc_v002_test_yes_") || $0.contains("sc_v002_test_stop_") }.map(SharedSamples.path)
        let (status, output) = try InterruptedPreprocessTests.run(["bench", "speech-spikes"] + words)
        #expect(status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [String: Any]
        #expect(json["clips"] as? Double == 2 && (json["in_speech_fraction"] as! Double) >= 0.85)
    }
}
