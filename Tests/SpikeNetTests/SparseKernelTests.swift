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

    /// The conv scatter adds each output's terms in input order, then the bias, so it equals this plain loop to
    /// the bit: on a wide plane (a large layer's accumulator), a one-row plane and an empty sample.
    @Test(arguments: [(40, 200, 1), (3, 1024, 1), (7, 30, 0)])
    func convScatterAddsInInputOrder(height: Int, width: Int, padding: Int) throws {
        let (inC, outC, k, rows) = (3, 16, 3, 3)
        var r = NetRandom(seed: 8)
        var layer = Conv2d(name: "c", inChannels: inC, outChannels: outC, kernel: k, padding: padding,
                           height: height, width: width, random: &r)
        var x = sparseInput(rows: rows, width: inC * height * width, binary: false, seed: 6)
        for j in 0..<(inC * height * width) { x.data[2 * inC * height * width + j] = 0 }  // a silent sample
        x = x.reshaped([rows, inC, height, width])
        let y = layer.forward(x, RunContext(timeSteps: 1, batch: rows, training: false))
        let (oh, ow) = (height + 2 * padding - k + 1, width + 2 * padding - k + 1)
        let w = layer.weight.value, plane = oh * ow
        for n in 0..<rows {
            var acc = [Float](repeating: 0, count: plane * outC)
            for j in 0..<(inC * height * width) where x.data[n * inC * height * width + j] != 0 {
                let v = x.data[n * inC * height * width + j]
                let (c, iy, ix) = (j / (height * width), (j / width) % height, j % width)
                for ky in 0..<k {
                    let oy = iy + padding - ky
                    guard oy >= 0, oy < oh else { continue }
                    for kx in 0..<k {
                        let ox = ix + padding - kx
                        guard ox >= 0, ox < ow else { continue }
                        for o in 0..<outC { acc[(oy * ow + ox) * outC + o] += v * w[((o * inC + c) * k + ky) * k + kx] }
                    }
                }
            }
            var mismatches = 0
            for o in 0..<outC {
                for p in 0..<plane where y.data[(n * outC + o) * plane + p] != acc[p * outC + o] + layer.bias.value[o] {
                    mismatches += 1
                }
            }
            #expect(mismatches == 0, "sample \(n): \(mismatches) outputs differ")
        }
    }
}
