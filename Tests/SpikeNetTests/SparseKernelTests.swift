import Testing
@testable import SpikeNet

/// The sparse forward / weight-gradient kernels (C, one build per x86-64 level) against plain loops, at widths
/// that exercise whole 32-column blocks, the masked tail and the padded conv channels, for binary spikes and
/// general values. The dense kernels add their terms in the plain loops' order, so they agree to the bit.
struct SparseKernelTests {
    func sparseInput(rows: Int, width: Int, binary: Bool, seed: UInt64) -> Tensor {
        var rng = NetRandom(seed: seed)
        return Tensor(shape: [rows, width], data: (0..<(rows * width)).map { _ in
            rng.uniform(0, 1) < 0.1 ? (binary ? 1 : rng.uniform(-1, 1)) : 0
        })
    }

    @Test(arguments: [(70, true), (70, false), (64, true), (5, false)])
    func denseMatchesPlainLoops(outputs: Int, binary: Bool) throws {
        let (rows, inputs) = (13, 45)  // 13: rows in groups of four and a remainder
        var r = NetRandom(seed: 2)
        var layer = Dense(name: "d", inputs: inputs, outputs: outputs, random: &r)
        let x = sparseInput(rows: rows, width: inputs, binary: binary, seed: 9)
        #expect(SparseRows(x, rows: rows)?.binary == binary)
        let context = RunContext(timeSteps: 3, batch: 4, training: true)
        let y = layer.forward(x, context)
        var g = NetRandom(seed: 4)
        let grad = Tensor(shape: y.shape, data: (0..<y.count).map { _ in g.uniform(-1, 1) })
        _ = layer.backward(LayerGradient(signal: grad), context, needInput: false)
        let w = layer.weight.value, b = layer.bias.value
        for row in 0..<rows {
            for o in 0..<outputs {
                var expected = b[o]
                for j in 0..<inputs { expected += x.data[row * inputs + j] * w[j * outputs + o] }
                #expect(y.data[row * outputs + o] == expected, "y[\(row), \(o)]")
            }
        }
        for j in 0..<inputs {
            for o in 0..<outputs {
                var expected: Float = 0
                for row in 0..<rows { expected += x.data[row * inputs + j] * grad.data[row * outputs + o] }
                #expect(layer.weight.grad[j * outputs + o] == expected, "dW[\(j), \(o)]")
            }
        }
    }

    @Test(arguments: [(12, 0), (16, 2), (20, 1)])
    func convScatterMatchesDirectConvolution(channels: Int, padding: Int) throws {
        let (inC, h, wd, k) = (2, 9, 8, 5)
        var r = NetRandom(seed: 3)
        var layer = Conv2d(name: "c", inChannels: inC, outChannels: channels, kernel: k, padding: padding,
                           height: h, width: wd, random: &r)
        let rows = 3
        let x = sparseInput(rows: rows, width: inC * h * wd, binary: false, seed: 5).reshaped([rows, inC, h, wd])
        let y = layer.forward(x, RunContext(timeSteps: 1, batch: rows, training: false))
        let (oh, ow) = (h + 2 * padding - k + 1, wd + 2 * padding - k + 1)
        let w = layer.weight.value
        for n in 0..<rows {
            for o in 0..<channels {
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        var expected = layer.bias.value[o]
                        for c in 0..<inC {
                            for ky in 0..<k {
                                for kx in 0..<k {
                                    let (iy, ix) = (oy + ky - padding, ox + kx - padding)
                                    guard iy >= 0, iy < h, ix >= 0, ix < wd else { continue }
                                    expected += w[((o * inC + c) * k + ky) * k + kx] * x.data[((n * inC + c) * h + iy) * wd + ix]
                                }
                            }
                        }
                        let got = y.data[((n * channels + o) * oh + oy) * ow + ox]
                        #expect(abs(got - expected) <= 1e-5, "y[\(n), \(o), \(oy), \(ox)]")
                    }
                }
            }
        }
    }
}
