import Foundation
import SpikeEvents
import SpikeFormats

/// Background-noise augmentation for Speech Commands (option, seeded): with probability `probability` a clip
/// gets a random window of a random background-noise file added at a volume uniform in `0…maxVolume` (the
/// scheme of TensorFlow's speech_commands example: frequency 0.8, volume 0.1). The draw depends only on
/// `seed` and the sample id, so any worker order gives the same result; call `mix` per sample before the
/// front end.
public struct SpeechCommandsNoiseMixer: Sendable {
    public var probability: Double
    public var maxVolume: Float
    public var seed: UInt64
    /// The noise recordings, mono, at their own rates.
    public let noises: [AudioChunk]

    /// Loads every `*.wav` of `folder` (the root's `_background_noise_`).
    public init(folder: String, probability: Double = 0.8, maxVolume: Float = 0.1, seed: UInt64 = 0) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.lowercased().hasSuffix(".wav") }.sorted()
        self.init(noises: try names.map { try WAVReader(path: folder + "/" + $0).readAll() },
                  probability: probability, maxVolume: maxVolume, seed: seed)
    }

    public init(noises: [AudioChunk], probability: Double = 0.8, maxVolume: Float = 0.1, seed: UInt64 = 0) {
        self.noises = noises.filter { !$0.isEmpty }
        self.probability = probability
        self.maxVolume = maxVolume
        self.seed = seed
    }

    /// `audio` plus noise (or unchanged when this sample draws none), clamped to [-1, 1]. Noise at another
    /// rate than the clip is skipped (resample the noise first).
    public func mix(_ audio: AudioChunk, sampleID: String) -> AudioChunk {
        var random = SeededRandom(seed: seed, stream: [Self.stableHash(sampleID)])
        guard !noises.isEmpty, random.unit() < probability else { return audio }
        let noise = noises[random.index(noises.count)]
        let volume = Float(random.uniform(0, Double(maxVolume)))
        guard noise.sampleRate == audio.sampleRate else { return audio }
        let start = noise.count > audio.count ? random.index(noise.count - audio.count + 1) : 0
        var out = audio
        for i in 0..<min(audio.count, noise.count - start) {
            out.samples[i] = max(-1, min(1, out.samples[i] + volume * noise.samples[start + i]))
        }
        return out
    }

    /// FNV-1a of the UTF-8 bytes: stable across runs and machines, unlike `Hasher`.
    static func stableHash(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in s.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return h
    }
}
