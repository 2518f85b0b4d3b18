/// A run of mono audio: `samples` are Float32 PCM normalised to [-1, 1] (integer PCM is divided by 2^(bits−1)),
/// starting at frame `startFrame` of the recording, at `sampleRate` Hz. A value type: copies share storage
/// until written.
public struct AudioChunk: Sendable, Equatable {
    public var samples: [Float]
    public var sampleRate: Int
    /// Index of `samples[0]` in the recording (frames from the start of the file).
    public var startFrame: Int64

    public init(samples: [Float], sampleRate: Int, startFrame: Int64 = 0) {
        self.samples = samples
        self.sampleRate = sampleRate
        self.startFrame = startFrame
    }

    public var count: Int { samples.count }
    public var isEmpty: Bool { samples.isEmpty }
    /// Duration in seconds.
    public var duration: Double { Double(samples.count) / Double(sampleRate) }

    /// Appends the samples of `other`, which must continue this chunk at the same rate.
    public mutating func append(contentsOf other: AudioChunk) {
        precondition(other.sampleRate == sampleRate, "cannot append audio at \(other.sampleRate) Hz to \(sampleRate) Hz")
        samples.append(contentsOf: other.samples)
    }
}
