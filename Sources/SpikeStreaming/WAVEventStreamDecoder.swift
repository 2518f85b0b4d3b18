import SpikeAudio
import SpikeEvents
import SpikeFormats

/// A WAV stream → audio front end → spike events (`x` = feature channel, `y` = 0). The front end normalises
/// over the whole clip (dB peak, padding to the clip length), so the clip's samples are buffered (at most
/// `maxSamples`) and its events come out when the sample ends; they are then windowed like any other events.
public struct WAVEventStreamDecoder: EventStreamDecoder {
    public let sensorSize: SensorSize
    public let maxSamples: Int
    private var wav: WAVStreamDecoder
    private let encoder: AudioEventEncoder
    private var samples: [Float] = []

    public init(source: String, encoding: AudioEventEncoding, maxSamples: Int) throws(StreamError) {
        do { encoder = try AudioEventEncoder(encoding) } catch { throw .audio(error) }
        wav = WAVStreamDecoder(source: source)
        sensorSize = encoding.sensorSize
        self.maxSamples = maxSamples
    }

    public var offset: Int64 { wav.offset }

    public mutating func push(_ bytes: UnsafeRawBufferPointer) throws(EventFileError) -> EventChunk {
        let decoded = try wav.push(bytes)
        guard samples.count + decoded.count <= maxSamples else {
            throw .malformed(path: wav.source, offset: wav.offset, reason: "the clip has more than \(maxSamples) "
                                 + "samples; send one clip per sample")
        }
        samples.append(contentsOf: decoded)
        return EventChunk()
    }

    public mutating func finish() throws(EventFileError) -> EventChunk {
        try wav.finish()
        guard let format = wav.format else { return EventChunk() }
        defer { samples = [] }
        do {
            return try encoder.events(AudioChunk(samples: samples, sampleRate: format.sampleRate))
        } catch {
            throw .unsupportedAudio(path: wav.source, offset: wav.offset, reason: error.description)
        }
    }
}
