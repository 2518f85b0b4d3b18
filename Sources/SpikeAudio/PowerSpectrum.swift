import CKissFFT
import Foundation

/// `|FFT(window · frame)|^power` for bins `0 … fftSize/2`, with a kissfft (BSD) real-input plan. Owns the
/// plan and scratch buffers, so one instance serves one thread; creating one costs a few µs.
final class PowerSpectrum {
    let fftSize: Int
    private let plan: kiss_fftr_cfg
    /// The Hann window (periodic, as `scipy.signal.get_window('hann', n, fftbins=True)`), zero-padded
    /// symmetrically to `fftSize`.
    private let window: [Float]
    private let power: Float
    private let input: UnsafeMutablePointer<Float>
    private let output: UnsafeMutablePointer<kiss_fft_cpx>

    init(fftSize: Int, windowLength: Int, power: Double) {
        self.fftSize = fftSize
        plan = kiss_fftr_alloc(Int32(fftSize), 0, nil, nil)!
        let pad = (fftSize - windowLength) / 2
        var window = [Float](repeating: 0, count: fftSize)
        for n in 0..<windowLength {
            window[pad + n] = Float(0.5 - 0.5 * cos(2 * Double.pi * Double(n) / Double(windowLength)))
        }
        self.window = window
        self.power = Float(power)
        input = .allocate(capacity: fftSize)
        output = .allocate(capacity: fftSize / 2 + 1)
    }

    deinit {
        free(UnsafeMutableRawPointer(plan))  // kiss_fftr_free is a macro for free()
        input.deallocate()
        output.deallocate()
    }

    /// Spectrum of `fftSize` samples starting at `frame` into `out[0 … fftSize/2]`.
    func compute(_ frame: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        window.withUnsafeBufferPointer { w in
            for i in 0..<fftSize { input[i] = frame[i] * w[i] }
        }
        kiss_fftr(plan, input, output)
        let p = power
        for k in 0...(fftSize / 2) {
            let c = output[k]
            let energy = c.r * c.r + c.i * c.i
            out[k] = p == 2 ? energy : (p == 1 ? energy.squareRoot() : powf(energy, p / 2))
        }
    }
}
