/// Features of one clip: `frames × channels` values, frame-major (`values[f · channels + c]`). Frame `f`
/// stands for time `f · hopLength / sampleRate` (its centre with `center`, its start otherwise).
public struct FeatureMatrix: Sendable, Equatable {
    public var frames: Int
    public var channels: Int
    public var values: [Float]
    public var hopLength: Int
    public var sampleRate: Int

    public init(frames: Int, channels: Int, values: [Float], hopLength: Int, sampleRate: Int) {
        precondition(values.count == frames * channels, "FeatureMatrix needs frames × channels values")
        self.frames = frames
        self.channels = channels
        self.values = values
        self.hopLength = hopLength
        self.sampleRate = sampleRate
    }

    public subscript(frame: Int, channel: Int) -> Float { values[frame * channels + channel] }

    /// Time of frame `f` in µs, `⌊f · hop · 10⁶ / rate⌋` (exact integer arithmetic, so 10 ms hops at 16 kHz are
    /// exactly 10 000 µs apart).
    public func time(ofFrame f: Int) -> Int64 { Int64(f) * Int64(hopLength) * 1_000_000 / Int64(sampleRate) }
}
