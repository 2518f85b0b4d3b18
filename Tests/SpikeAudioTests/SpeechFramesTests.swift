import SpikeEvents
import Testing
@testable import SpikeAudio

@Suite("Speech frames and the in-speech spike count")
struct SpeechFramesTests {
    @Test("frames within 25 dB of the loudest are speech; silent frames never are")
    func frames() {
        // 1 kHz, 20 ms frames of 20 samples: amplitudes 1 (0 dB), 0.1 (−20 dB), 0.05 (−26 dB), 0, and a
        // 10-sample last frame at 0.1.
        let samples = [Float](repeating: 1, count: 20) + [Float](repeating: 0.1, count: 20)
            + [Float](repeating: -0.05, count: 20) + [Float](repeating: 0, count: 20) + [Float](repeating: 0.1, count: 10)
        let s = SpeechFrames(samples: samples, sampleRate: 1_000)
        #expect(s.frameSamples == 20 && s.isSpeech == [true, true, false, false, true])
        // Frame k spans [20k, 20k + 20) ms; past the end counts as the last frame.
        #expect(s.contains(time: 0) && s.contains(time: 39_999) && !s.contains(time: 40_000))
        #expect(!s.contains(time: 79_999) && s.contains(time: 80_000) && s.contains(time: 5_000_000))
        var events = EventChunk()
        for t: Int64 in [0, 10_000, 45_000, 65_000, 90_000] { events.append(t: t, x: 0, y: 0, p: 1) }
        #expect(s.count(events) == 3)
        #expect(SpeechFrames(samples: [0, 0, 0], sampleRate: 1_000).isSpeech == [false])
    }

    @Test("the tally adds clips: spikes, those in speech, speech frames")
    func tally() throws {
        let encoder = try AudioEventEncoder(AudioEventEncoding())
        // The tone burst (samples 4 000…8 799): 20-ms frames 12…27 hold some of it
        // (12 and 27 half, −3 dB), so 16 of the 50 are speech, 240…560 ms; the delta events straddle the edges.
        var tally = SpeechSpikeTally()
        try tally.add(toneBurst, encoder: encoder)
        try tally.add(AudioChunk(samples: [Float](repeating: 0, count: 16_000), sampleRate: 16_000), encoder: encoder)
        let events = try encoder.events(toneBurst)
        let inside = events.t.filter { (240_000..<560_000).contains($0) }.count
        #expect(tally.clips == 2 && tally.spikes == events.count && tally.spikesInSpeech == inside)
        #expect(tally.frames == 100 && tally.speechFrames == 16 && tally.speechShare == 0.16)
        #expect(tally.spikesPerClip == Double(events.count) / 2)
    }
}
