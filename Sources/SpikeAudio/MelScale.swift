import Foundation

/// The two mel scales in use. HTK: `m = 2595·log10(1 + f/700)` [HTK Book]. Slaney (Auditory Toolbox, librosa's
/// default): linear `f / (200/3)` below 1 kHz, then logarithmic with step `ln(6.4)/27` per mel.
public enum MelScale: String, Codable, Hashable, Sendable, CaseIterable {
    case htk
    case slaney

    private static let slaneyHzPerMel = 200.0 / 3
    private static let slaneyBreakHz = 1000.0
    private static let slaneyBreakMel = 15.0  // = slaneyBreakHz / slaneyHzPerMel
    private static let slaneyLogStep = log(6.4) / 27

    public func mel(hz: Double) -> Double {
        switch self {
        case .htk: return 2595 * log10(1 + hz / 700)
        case .slaney:
            if hz < Self.slaneyBreakHz { return hz / Self.slaneyHzPerMel }
            return Self.slaneyBreakMel + log(hz / Self.slaneyBreakHz) / Self.slaneyLogStep
        }
    }

    public func hz(mel: Double) -> Double {
        switch self {
        case .htk: return 700 * (pow(10, mel / 2595) - 1)
        case .slaney:
            if mel < Self.slaneyBreakMel { return mel * Self.slaneyHzPerMel }
            return Self.slaneyBreakHz * exp(Self.slaneyLogStep * (mel - Self.slaneyBreakMel))
        }
    }
}

/// How each triangular mel filter is scaled: not at all (peak 1), or Slaney's area normalisation
/// `2 / (f[m+2] − f[m])` so every filter has the same area (librosa `norm='slaney'`).
public enum MelNorm: String, Codable, Hashable, Sendable, CaseIterable {
    case none
    case slaney
}
