import SpikeAudio
import SpikeEvents
import SpikeFormats

/// The byte formats a stream can carry, and the decoder for each.
public enum StreamFormat: String, CaseIterable, Sendable, Codable {
    /// N-MNIST 5-byte ATIS records.
    case nmnist
    /// jAER AEDAT 2.0 with DVS128 addresses.
    case aedat2
    /// AEDAT 3.1 packets (DVS128-Gesture).
    case aedat31
    /// AEDAT 4.0 (iniVation DV) packets.
    case aedat4
    /// Prophesee RAW, EVT 2.0 words.
    case evt2
    /// Prophesee RAW, EVT 3.0 words.
    case evt3
    /// Prophesee DAT records.
    case dat
    /// RIFF/WAVE PCM, turned into 1-D channel events by the audio front end.
    case wav

    /// A decoder for one sample of this format. `source` names the stream in errors; `audio` configures `.wav`.
    public func makeDecoder(source: String, orientation: DVS128Orientation = .standard,
                            audio: AudioEventEncoding = AudioEventEncoding(),
                            maxAudioSamples: Int = 16_000 * 60) throws(StreamError) -> any EventStreamDecoder {
        switch self {
        case .nmnist: NMNISTStreamDecoder(source: source)
        case .aedat2: AEDAT2StreamDecoder(source: source, orientation: orientation)
        case .aedat31: AEDAT31StreamDecoder(source: source)
        case .aedat4: AEDAT4StreamDecoder(source: source, sensorSize: sensorSize())
        case .evt2: PropheseeStreamDecoder(source: source, encoding: .evt2, sensorSize: sensorSize())
        case .evt3: PropheseeStreamDecoder(source: source, encoding: .evt3, sensorSize: sensorSize())
        case .dat: PropheseeStreamDecoder(source: source, encoding: .dat, sensorSize: sensorSize())
        case .wav: try WAVEventStreamDecoder(source: source, encoding: audio, maxSamples: maxAudioSamples)
        }
    }

    /// The sensor this format's events are on. For the camera formats whose files declare it (AEDAT 4,
    /// Prophesee), a stream is decoded on a fixed sensor chosen before its header arrives: the common one.
    public func sensorSize(audio: AudioEventEncoding = AudioEventEncoding()) -> SensorSize {
        switch self {
        case .nmnist: .nmnist
        case .aedat2, .aedat31: .dvs128
        case .aedat4: AEDAT4StreamDecoder.defaultSensor
        case .evt2: SensorSize(width: 640, height: 480)
        case .evt3: SensorSize(width: 1280, height: 720)
        case .dat: PropheseeEncoding.dat.defaultSensor
        case .wav: audio.sensorSize
        }
    }
}
