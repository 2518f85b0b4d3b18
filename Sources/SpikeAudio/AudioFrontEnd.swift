import Foundation
import SpikeEvents

/// Audio → log-mel or MFCC features for one `AudioFrontEndConfiguration`. Holds the FFT plan, filterbank, DCT
/// and scratch buffers, so one instance serves one task at a time (make one per worker; construction is
/// cheap). Steps: resample to `sampleRate`, pad/trim to `clipSamples`, frame (centred or not), Hann window,
/// `|FFT|^power`, mel filterbank, compression, optional DCT.
public final class AudioFrontEnd {
    public let configuration: AudioFrontEndConfiguration
    private let spectrum: PowerSpectrum
    private let filterbank: MelFilterbank
    private let dct: DCTMatrix?

    public init(_ configuration: AudioFrontEndConfiguration) throws(AudioError) {
        try configuration.validate()
        self.configuration = configuration
        let c = configuration
        spectrum = PowerSpectrum(fftSize: c.fftSize, windowLength: c.windowLength, power: c.power)
        filterbank = MelFilterbank(sampleRate: c.sampleRate, fftSize: c.fftSize, nMels: c.melBands, fMin: c.fMin,
                                   fMax: c.fMax, scale: c.melScale, norm: c.melNorm)
        dct = c.mfccCount.map { DCTMatrix(count: $0, n: c.melBands) }
    }

    /// The clip as the framing sees it: resampled, then zero-padded or trimmed to `clipSamples`.
    public func prepare(_ audio: AudioChunk) throws(AudioError) -> [Float] {
        let c = configuration
        var samples = try Resampler.resample(audio, to: c.sampleRate, quality: c.resampler).samples
        if let n = c.clipSamples {
            if samples.count > n { samples.removeLast(samples.count - n) }
            else if samples.count < n { samples += [Float](repeating: 0, count: n - samples.count) }
        }
        return samples
    }

    /// Features of a clip (see the type's steps).
    public func features(_ audio: AudioChunk) throws(AudioError) -> FeatureMatrix {
        let c = configuration
        let samples = try prepare(audio)
        // Framing works on a zero-padded copy so every frame reads `fftSize` valid samples.
        let lead = c.center ? c.fftSize / 2 : 0
        let frames = c.center ? 1 + samples.count / c.hopLength
            : (samples.count < c.fftSize ? 0 : 1 + (samples.count - c.fftSize) / c.hopLength)
        var padded = [Float](repeating: 0, count: max(samples.count + 2 * lead, c.fftSize))
        padded.replaceSubrange(lead..<(lead + samples.count), with: samples)
        let melBands = c.melBands, bins = c.fftSize / 2 + 1
        var mel = [Float](repeating: 0, count: frames * melBands)
        var power = [Float](repeating: 0, count: bins)
        padded.withUnsafeBufferPointer { src in
            mel.withUnsafeMutableBufferPointer { out in
                power.withUnsafeMutableBufferPointer { p in
                    for f in 0..<frames {
                        spectrum.compute(src.baseAddress! + f * c.hopLength, into: p.baseAddress!)
                        filterbank.apply(p.baseAddress!, into: out.baseAddress! + f * melBands)
                    }
                }
            }
        }
        compress(&mel)
        guard let dct else {
            return FeatureMatrix(frames: frames, channels: melBands, values: mel, hopLength: c.hopLength,
                                 sampleRate: c.sampleRate)
        }
        var coefficients = [Float](repeating: 0, count: frames * dct.count)
        mel.withUnsafeBufferPointer { m in
            coefficients.withUnsafeMutableBufferPointer { out in
                for f in 0..<frames { dct.apply(m.baseAddress! + f * melBands, into: out.baseAddress! + f * dct.count) }
            }
        }
        return FeatureMatrix(frames: frames, channels: dct.count, values: coefficients, hopLength: c.hopLength,
                             sampleRate: c.sampleRate)
    }

    private func compress(_ values: inout [Float]) {
        switch configuration.compression {
        case .none: return
        case .natural(let offset):
            let o = Float(offset)
            for i in values.indices { values[i] = logf(values[i] + o) }
        case .decibel(let amin, let topDB):
            let floor = Float(amin)
            var peak = -Float.infinity
            for i in values.indices {
                values[i] = 10 * log10f(max(floor, values[i]))
                peak = max(peak, values[i])
            }
            if let topDB {
                let lowest = peak - Float(topDB)
                for i in values.indices { values[i] = max(values[i], lowest) }
            }
        }
    }
}
