import SpikeEvents

/// The whole audio → events configuration: front end + spike encoding. `Codable`/`Hashable`/`Sendable`;
/// put it in the cache key. Events have `x` = feature channel, `y` = 0, on `sensorSize` = channels × 1, so
/// `FrameBinning` and the cache apply unchanged; bin over `span` (not first/last event) so every clip gets
/// the same time axis.
public struct AudioEventEncoding: Codable, Hashable, Sendable {
    public var frontEnd: AudioFrontEndConfiguration
    public var encoding: SpikeEncoding

    /// Defaults: the front end's defaults (40 log-mel bands in dB) with delta modulation at 1 dB, at most
    /// 8 events per channel and frame (the 80 dB jump out of digital silence would otherwise be 80 events).
    public init(frontEnd: AudioFrontEndConfiguration = AudioFrontEndConfiguration(),
                encoding: SpikeEncoding = .delta(threshold: 1, maxEventsPerFrame: 8)) {
        self.frontEnd = frontEnd
        self.encoding = encoding
    }

    public var sensorSize: SensorSize {
        SensorSize(width: frontEnd.channels, height: 1, polarities: encoding.polarities)
    }

    /// The time span `[0, end]` µs of a clip of `samples` samples at the front end's rate (all clips when
    /// `clipSamples` is set): for `FrameBinning(start:end:)`.
    public func span(samples: Int? = nil) -> (start: Int64, end: Int64) {
        let n = frontEnd.clipSamples ?? samples ?? 0
        return (0, max(0, Int64(n) * 1_000_000 / Int64(frontEnd.sampleRate) - 1))
    }

    public func validate() throws(AudioError) {
        try frontEnd.validate()
        try encoding.validate()
    }
}

/// Runs an `AudioEventEncoding` on clips. Holds an `AudioFrontEnd` (FFT plan, scratch), so use one per task.
public final class AudioEventEncoder {
    public let configuration: AudioEventEncoding
    public let frontEnd: AudioFrontEnd

    public init(_ configuration: AudioEventEncoding) throws(AudioError) {
        try configuration.validate()
        self.configuration = configuration
        frontEnd = try AudioFrontEnd(configuration.frontEnd)
    }

    /// The events of one clip.
    public func events(_ audio: AudioChunk) throws(AudioError) -> EventChunk {
        configuration.encoding.encode(try frontEnd.features(audio))
    }
}
