import Foundation

/// Background noises made up for the synthetic spoken commands (their `_background_noise_` recordings): white,
/// pink (1/f, Paul Kellet's three-pole filter of white noise), brown (1/f², leaky integral of white noise) and
/// mains hum (50 Hz and its first four harmonics at 1/k, over white noise 20 dB down). Each is scaled to the
/// requested RMS; the same generator state gives the same samples.
enum SyntheticNoise: String, CaseIterable, Sendable {
    case white, pink, brown, hum

    func samples(count: Int, sampleRate: Int, rms: Double, random: inout SeededRandom) -> [Float] {
        var out = [Double](repeating: 0, count: count)
        var state = (0.0, 0.0, 0.0)
        for i in 0..<count {
            let w = random.normal(mean: 0, sd: 1)
            switch self {
            case .white: out[i] = w
            case .pink:
                state.0 = 0.99765 * state.0 + w * 0.0990460
                state.1 = 0.96300 * state.1 + w * 0.2965164
                state.2 = 0.57000 * state.2 + w * 1.0526913
                out[i] = state.0 + state.1 + state.2 + w * 0.1848
            case .brown:
                state.0 = 0.995 * state.0 + 0.1 * w
                out[i] = state.0
            case .hum:
                let t = Double(i) / Double(sampleRate)
                out[i] = (1...5).reduce(0.1 * w) { $0 + sin(2 * Double.pi * 50 * Double($1) * t) / Double($1) }
            }
        }
        let power = out.reduce(0) { $0 + $1 * $1 } / Double(max(1, count))
        let gain = power > 0 ? rms / power.squareRoot() : 0
        return out.map { Float(max(-1, min(1, $0 * gain))) }
    }
}
