import Foundation

/// Every parameter of the audio front end: resampling, clip length, framing, mel filterbank, compression and
/// MFCC. `Codable`/`Hashable`/`Sendable`: it is part of the cache key. Defaults are a common keyword-spotting
/// setup (16 kHz, 1 s, 25 ms Hann window in a 512-point FFT, 10 ms hop, 40 Slaney mel bands 20–4000 Hz,
/// power spectrum in dB with an 80 dB floor under each clip's maximum), matching librosa's
/// `melspectrogram(center=True, pad_mode='constant')` + `power_to_db(top_db=80)` for the same values.
public struct AudioFrontEndConfiguration: Codable, Hashable, Sendable {
    /// How the mel energies are compressed.
    public enum Compression: Codable, Hashable, Sendable {
        /// Linear energies.
        case none
        /// `ln(e + offset)`.
        case natural(offset: Double)
        /// `10·log10(max(amin, e))`, then floored at `max − topDB` over the clip (librosa `power_to_db`,
        /// `ref = 1`); `topDB = nil` disables the floor.
        case decibel(amin: Double, topDB: Double?)

        /// `decibel` with both floors in dB: `absoluteFloorDB` is `amin` in dB (`10·log10(amin)`), values under
        /// it become it; `belowPeakDB` is `topDB`.
        public static func decibel(absoluteFloorDB: Double, belowPeakDB: Double?) -> Compression {
            .decibel(amin: pow(10, absoluteFloorDB / 10), topDB: belowPeakDB)
        }
    }

    /// libsamplerate converters, best to fastest.
    public enum ResamplerQuality: String, Codable, Hashable, Sendable, CaseIterable {
        case sincBest, sincMedium, sincFastest, linear
    }

    /// Audio at another rate is resampled to this one first.
    public var sampleRate = 16_000
    public var resampler = ResamplerQuality.sincMedium
    /// Clips are zero-padded at the end or trimmed to this many samples (at `sampleRate`); `nil` keeps them.
    public var clipSamples: Int? = 16_000
    /// Hann window length in samples; it is centred in the `fftSize`-point frame (zeros around it).
    public var windowLength = 400
    public var hopLength = 160
    /// FFT length, even, ≥ `windowLength`.
    public var fftSize = 512
    /// Pad `fftSize/2` zeros at both ends so frame `i` is centred on sample `i·hop` (librosa `center=True`,
    /// `pad_mode='constant'`); otherwise frame `i` starts at sample `i·hop` and only whole frames are kept.
    public var center = true
    public var melBands = 40
    public var fMin = 20.0
    public var fMax = 4000.0
    public var melScale = MelScale.slaney
    public var melNorm = MelNorm.slaney
    /// Exponent on the magnitude spectrum: 2 for power, 1 for magnitude.
    public var power = 2.0
    public var compression = Compression.decibel(amin: 1e-10, topDB: 80)
    /// When set, the output is this many MFCCs (DCT-II, orthonormal, of the compressed mel bands) per frame
    /// instead of the mel bands.
    public var mfccCount: Int?

    public init() {}

    /// Feature channels per frame: the MFCC count or the mel bands.
    public var channels: Int { mfccCount ?? melBands }

    /// Frames a clip of `samples` samples (at `sampleRate`) yields.
    public func frameCount(samples: Int) -> Int {
        let n = clipSamples ?? samples
        if center { return 1 + n / hopLength }
        return n < fftSize ? 0 : 1 + (n - fftSize) / hopLength
    }

    /// Checks every value; the error names the field.
    public func validate() throws(AudioError) {
        func bad(_ field: String, _ reason: String) -> AudioError { .invalidConfiguration(field: field, reason: reason) }
        guard (1_000...768_000).contains(sampleRate) else { throw bad("sampleRate", "must be 1000…768000 Hz") }
        if let clipSamples, clipSamples < 1 { throw bad("clipSamples", "must be positive (or null to keep lengths)") }
        guard fftSize >= 2, fftSize % 2 == 0, fftSize <= 1 << 16 else { throw bad("fftSize", "must be even, 2…65536") }
        guard (1...fftSize).contains(windowLength) else { throw bad("windowLength", "must be 1…fftSize (\(fftSize))") }
        guard hopLength >= 1 else { throw bad("hopLength", "must be positive") }
        guard (1...512).contains(melBands) else { throw bad("melBands", "must be 1…512") }
        guard fMin >= 0, fMax > fMin, fMax <= Double(sampleRate) / 2 else {
            throw bad("fMin/fMax", "must satisfy 0 ≤ fMin < fMax ≤ sampleRate/2 (\(sampleRate / 2) Hz)")
        }
        guard power > 0 else { throw bad("power", "must be positive (1 magnitude, 2 power)") }
        if let mfccCount, !(1...melBands).contains(mfccCount) { throw bad("mfccCount", "must be 1…melBands") }
        switch compression {
        case .none: break
        case .natural(let offset): guard offset > 0 else { throw bad("compression.offset", "must be positive") }
        case .decibel(let amin, let topDB):
            guard amin > 0 else { throw bad("compression.amin", "must be positive") }
            if let topDB, topDB < 0 { throw bad("compression.topDB", "must be non-negative") }
        }
    }
}
