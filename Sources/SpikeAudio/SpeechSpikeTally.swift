import SpikeEvents

/// Spikes of an `AudioEventEncoder` over clips, and how many of them fall in speech (`SpeechFrames` of the
/// clip as the front end frames it: resampled, padded or trimmed).
public struct SpeechSpikeTally: Sendable, Equatable {
    public private(set) var clips = 0
    public private(set) var spikes = 0
    public private(set) var spikesInSpeech = 0
    public private(set) var frames = 0
    public private(set) var speechFrames = 0

    public init() {}

    /// Encodes `audio` and adds its counts.
    public mutating func add(_ audio: AudioChunk, encoder: AudioEventEncoder) throws(AudioError) {
        let speech = SpeechFrames(samples: try encoder.frontEnd.prepare(audio),
                                  sampleRate: encoder.configuration.frontEnd.sampleRate)
        let events = try encoder.events(audio)
        clips += 1
        spikes += events.count
        spikesInSpeech += speech.count(events)
        frames += speech.isSpeech.count
        speechFrames += speech.isSpeech.filter { $0 }.count
    }

    /// Spikes in speech over all spikes (0 when there are none).
    public var inSpeechFraction: Double { spikes == 0 ? 0 : Double(spikesInSpeech) / Double(spikes) }
    /// Speech frames over all frames.
    public var speechShare: Double { frames == 0 ? 0 : Double(speechFrames) / Double(frames) }
    public var spikesPerClip: Double { clips == 0 ? 0 : Double(spikes) / Double(clips) }
}
