import CSampleRate
import SpikeEvents

/// Whole-clip sample-rate conversion with libsamplerate (BSD) `src_simple`. Output length is
/// `round(n · to / from)` as libsamplerate generates it.
public enum Resampler {
    public static func resample(_ audio: AudioChunk, to rate: Int,
                                quality: AudioFrontEndConfiguration.ResamplerQuality) throws(AudioError) -> AudioChunk {
        guard audio.sampleRate != rate else { return audio }
        guard !audio.isEmpty else { return AudioChunk(samples: [], sampleRate: rate, startFrame: 0) }
        let ratio = Double(rate) / Double(audio.sampleRate)
        let capacity = Int((Double(audio.count) * ratio).rounded(.up)) + 16
        var status: Int32 = 0
        let out = [Float](unsafeUninitializedCapacity: capacity) { buffer, n in
            audio.samples.withUnsafeBufferPointer { input in
                var data = SRC_DATA()
                data.data_in = input.baseAddress
                data.input_frames = Int(audio.count)
                data.data_out = buffer.baseAddress
                data.output_frames = Int(capacity)
                data.src_ratio = ratio
                data.end_of_input = 1
                status = src_simple(&data, converter(quality), 1)
                n = status == 0 ? Int(data.output_frames_gen) : 0
            }
        }
        guard status == 0 else {
            throw .resamplingFailed(fromRate: audio.sampleRate, toRate: rate, reason: String(cString: src_strerror(status)))
        }
        let start = audio.startFrame * Int64(rate) / Int64(audio.sampleRate)
        return AudioChunk(samples: out, sampleRate: rate, startFrame: start)
    }

    private static func converter(_ quality: AudioFrontEndConfiguration.ResamplerQuality) -> Int32 {
        let type = switch quality {
        case .sincBest: SRC_SINC_BEST_QUALITY
        case .sincMedium: SRC_SINC_MEDIUM_QUALITY
        case .sincFastest: SRC_SINC_FASTEST
        case .linear: SRC_LINEAR
        }
        return Int32(type)
    }
}
