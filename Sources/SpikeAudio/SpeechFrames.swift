import Foundation
import SpikeEvents

/// Where a clip is speech, by energy alone: the clip is cut into consecutive `frameSamples`-sample frames (the
/// last may be shorter), and a frame is speech when its mean square is non-zero and within `withinDB` of the
/// loudest frame's. The measure behind `scripts/measure-speech-spikes` (20 ms frames within 25 dB).
public struct SpeechFrames: Sendable, Equatable {
    public let frameSamples: Int
    public let sampleRate: Int
    /// One flag per frame.
    public let isSpeech: [Bool]

    public init(samples: [Float], sampleRate: Int, frameMilliseconds: Int = 20, withinDB: Double = 25) {
        let size = max(1, sampleRate * frameMilliseconds / 1000)
        frameSamples = size
        self.sampleRate = sampleRate
        let energies = stride(from: 0, to: samples.count, by: size).map { start in
            let frame = samples[start..<min(start + size, samples.count)]
            return frame.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(frame.count)
        }
        let loudest = energies.max() ?? 0
        let lowest = loudest * pow(10, -withinDB / 10)
        isSpeech = energies.map { $0 > 0 && $0 >= lowest }
    }

    /// Whether time `t` (µs from the clip's start) lies in a speech frame; times past the end count as the
    /// last frame.
    public func contains(time t: Int64) -> Bool {
        guard !isSpeech.isEmpty else { return false }
        let frame = Int(max(0, t) * Int64(sampleRate) / (1_000_000 * Int64(frameSamples)))
        return isSpeech[min(frame, isSpeech.count - 1)]
    }

    /// How many of `events` lie in speech frames.
    public func count(_ events: EventChunk) -> Int { events.t.reduce(0) { $0 + (contains(time: $1) ? 1 : 0) } }
}
