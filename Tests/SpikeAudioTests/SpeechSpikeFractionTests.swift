import SpikeFormats
import SpikeTestSupport
import Testing
@testable import SpikeAudio

/// The issue-23 target on the real Speech Commands clips: ≥ 85 % of the default encoder's spikes inside speech
/// (20 ms frames within 25 dB of the clip's loudest). The same measure as scripts/measure-speech-spikes.
@Suite("Spikes inside speech on the shared Speech Commands clips",
       .enabled(if: SharedSamples.available, SharedSamples.skipReason))
struct SpeechSpikeFractionTests {
    /// The word clips (every one but _silence_, background noise and the TFLM noise/silence clips).
    static let words = SharedSamples.files(in: "speechcommands", extensions: ["wav"]).filter { file in
        !["sc_v002_test__silence__", "sc_bg_", "tflm_noise_", "tflm_silence_"].contains { file.contains("/" + $0) }
    }

    static func tally(_ encoding: AudioEventEncoding, files: [String] = words) throws -> SpeechSpikeTally {
        let encoder = try AudioEventEncoder(encoding)
        var tally = SpeechSpikeTally()
        for file in files { try tally.add(WAVReader(path: SharedSamples.path(file)).readAll(), encoder: encoder) }
        return tally
    }

    @Test("the default encoding puts ≥ 85 % of its spikes in speech; the 80 dB front end put about half")
    func defaultEncoding() throws {
        #expect(Self.words.count == 14)
        let now = try Self.tally(AudioEventEncoding())
        #expect(now.inSpeechFraction >= 0.85)
        // Measured: 90.4 % of 2 868 spikes per clip (scripts/measure-speech-spikes, BENCHMARKS.md).
        #expect(abs(now.inSpeechFraction - 0.904) < 0.002 && abs(now.spikesPerClip - 2_868) < 5)
        #expect(abs(now.speechShare - 0.364) < 0.001)
        var plain = AudioEventEncoding()
        plain.frontEnd = AudioFrontEndConfiguration()
        let before = try Self.tally(plain)
        #expect(abs(before.inSpeechFraction - 0.514) < 0.002 && abs(before.spikesPerClip - 9_889) < 5)
    }

    @Test("cumulative delta at 4 dB: ≥ 85 % in speech too; the TFLM silence clip, under −70 dB, gives no spikes")
    func cumulativeDelta() throws {
        let cumulative = AudioEventEncoding(encoding: .cumulativeDelta(threshold: 4, maxEventsPerFrame: 8))
        #expect(try Self.tally(cumulative).inSpeechFraction >= 0.85)
        #expect(try Self.tally(AudioEventEncoding(), files: ["speechcommands/tflm_silence_1000ms.wav"]).spikes == 0)
    }
}
