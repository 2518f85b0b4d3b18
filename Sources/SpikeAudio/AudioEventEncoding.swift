import SpikeEvents

/// The whole audio → events configuration: front end + spike encoding. `Codable`/`Hashable`/`Sendable`;
/// put it in the cache key. Events have `x` = feature channel, `y` = 0, on `sensorSize` = channels × 1, so
/// `FrameBinning` and the cache apply unchanged; bin over `span` (not first/last event) so every clip gets
/// the same time axis.
public struct AudioEventEncoding: Codable, Hashable, Sendable {
    public var frontEnd: AudioFrontEndConfiguration
    public var encoding: SpikeEncoding
    /// One threshold per feature channel for the delta kinds, replacing the encoding's single one.
    public var channelThresholds: [Double]?

    /// Defaults: `speechFrontEnd` (40 log-mel bands in dB, floored 40 dB under the clip's loudest value and at
    /// −70 dB) with delta modulation at 1 dB, at most 8 events per channel and frame.
    public init(frontEnd: AudioFrontEndConfiguration = Self.speechFrontEnd,
                encoding: SpikeEncoding = .delta(threshold: 1, maxEventsPerFrame: 8), channelThresholds: [Double]? = nil) {
        self.frontEnd = frontEnd
        self.encoding = encoding
        self.channelThresholds = channelThresholds
    }

    /// The default noise floor under each clip's loudest log-mel value, and the default absolute one, in dB.
    public static let defaultFloorBelowPeakDB = 40.0
    public static let defaultAbsoluteFloorDB = -70.0

    /// The front end's defaults with a noise floor for spikes: log-mel values below the clip's loudest minus
    /// `defaultFloorBelowPeakDB` or below `defaultAbsoluteFloorDB` become that floor, so room noise and silence,
    /// flat at the floor, give no delta events. Chosen by measurement on the shared Speech Commands clips
    /// (`scripts/measure-speech-spikes`): with the plain front end's 80 dB about half the spikes fall outside
    /// speech, with 40 dB about a tenth.
    public static var speechFrontEnd: AudioFrontEndConfiguration {
        var c = AudioFrontEndConfiguration()
        c.compression = .decibel(absoluteFloorDB: defaultAbsoluteFloorDB, belowPeakDB: defaultFloorBelowPeakDB)
        return c
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
        guard let channelThresholds else { return }
        guard encoding.isDelta else {
            throw .invalidConfiguration(field: "channelThresholds", reason: "apply only to the delta encodings")
        }
        guard channelThresholds.count == frontEnd.channels else {
            throw .invalidConfiguration(field: "channelThresholds",
                                        reason: "must have one value per channel (\(frontEnd.channels))")
        }
        guard channelThresholds.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw .invalidConfiguration(field: "channelThresholds", reason: "must all be positive")
        }
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
        configuration.encoding.encode(try frontEnd.features(audio), channelThresholds: configuration.channelThresholds)
    }
}
