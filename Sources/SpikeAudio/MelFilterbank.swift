/// Triangular mel filters over the bins `0 … fftSize/2` of a real FFT, stored sparsely (each filter's
/// non-zero run). Filter `m` rises from mel point `m` to `m+1` and falls to `m+2`, the `nMels + 2` points
/// spaced evenly in mel between `fMin` and `fMax`; the weights are computed in Hz as in Slaney's toolbox
/// and librosa (`max(0, min(rising, falling))`).
struct MelFilterbank: Sendable {
    struct Filter: Sendable {
        var firstBin: Int
        var weights: [Float]
    }

    let filters: [Filter]
    let bins: Int

    init(sampleRate: Int, fftSize: Int, nMels: Int, fMin: Double, fMax: Double, scale: MelScale, norm: MelNorm) {
        bins = fftSize / 2 + 1
        let lo = scale.mel(hz: fMin), hi = scale.mel(hz: fMax)
        let points = (0..<(nMels + 2)).map { scale.hz(mel: lo + (hi - lo) * Double($0) / Double(nMels + 1)) }
        let binHz = Double(sampleRate) / Double(fftSize)
        filters = (0..<nMels).map { m in
            let (left, center, right) = (points[m], points[m + 1], points[m + 2])
            let gain = norm == .slaney ? 2 / (right - left) : 1
            var first = -1
            var weights: [Float] = []
            for k in 0..<(fftSize / 2 + 1) {
                let f = Double(k) * binHz
                let w = max(0, min((f - left) / (center - left), (right - f) / (right - center)))
                if w > 0 {
                    if first < 0 { first = k }
                    // Keep interior zeros so the run stays contiguous (only possible for degenerate filters).
                    weights += [Float](repeating: 0, count: k - first - weights.count)
                    weights.append(Float(w * gain))
                }
            }
            return Filter(firstBin: max(first, 0), weights: weights)
        }
    }

    /// `out[m] = Σ_k w[m][k] · spectrum[k]` for every filter.
    func apply(_ spectrum: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        for (m, filter) in filters.enumerated() {
            var sum: Float = 0
            filter.weights.withUnsafeBufferPointer { w in
                let s = spectrum + filter.firstBin
                for i in 0..<w.count { sum += w[i] * s[i] }
            }
            out[m] = sum
        }
    }
}
