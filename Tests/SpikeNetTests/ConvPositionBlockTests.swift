import Testing
@testable import SpikeNet

/// The dense convolution paths work on blocks of output positions (im2col columns that stay in cache). With
/// 64 input channels a 40×40 plane is three blocks and a piece, with blocks ending inside output rows: forward,
/// weight gradient and input gradient must still equal direct loops over the definition.
struct ConvPositionBlockTests {
    @Test(arguments: [0, 1])
    func blockedDensePathsEqualDirectLoops(padding: Int) throws {
        let (inC, outC, h, w, k, rows) = (64, 4, 40, 40, 3, 2)
        var random = NetRandom(seed: 12)
        var layer = Conv2d(name: "c", inChannels: inC, outChannels: outC, kernel: k, padding: padding, height: h,
                           width: w, random: &random)
        #expect(layer.geometry.blockPositions < layer.geometry.outPlane / 2)
        let x = Tensor(shape: [rows, inC, h, w], data: (0..<(rows * inC * h * w)).map { _ in random.uniform(-1, 1) })
        let context = RunContext(timeSteps: 1, batch: rows, training: true)
        let y = layer.forward(x, context)
        let (oh, ow) = (h + 2 * padding - k + 1, w + 2 * padding - k + 1)
        let g = Tensor(shape: y.shape, data: (0..<y.count).map { _ in random.uniform(-1, 1) })
        let back = layer.backward(LayerGradient(signal: g), context, needInput: true)
        let dx = try #require(back).signal
        let wt = layer.weight.value
        var expectedY = [Double](repeating: 0, count: y.count), expectedDx = [Double](repeating: 0, count: x.count)
        var expectedDw = [Double](repeating: 0, count: wt.count)
        for n in 0..<rows {
            for o in 0..<outC {
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        let yi = ((n * outC + o) * oh + oy) * ow + ox
                        expectedY[yi] = Double(layer.bias.value[o])
                        for c in 0..<inC {
                            for ky in 0..<k {
                                for kx in 0..<k {
                                    let (iy, ix) = (oy + ky - padding, ox + kx - padding)
                                    guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                                    let (xi, wi) = (((n * inC + c) * h + iy) * w + ix, ((o * inC + c) * k + ky) * k + kx)
                                    expectedY[yi] += Double(wt[wi]) * Double(x.data[xi])
                                    expectedDx[xi] += Double(wt[wi]) * Double(g.data[yi])
                                    expectedDw[wi] += Double(x.data[xi]) * Double(g.data[yi])
                                }
                            }
                        }
                    }
                }
            }
        }
        func worst(_ got: [Float], _ want: [Double]) -> Double {
            zip(got, want).map { abs(Double($0) - $1) / max(1, abs($1)) }.max() ?? 0
        }
        #expect(worst(y.data, expectedY) < 1e-4)
        #expect(worst(dx.data, expectedDx) < 1e-4)
        #expect(worst(layer.weight.grad, expectedDw) < 1e-4)
    }
}
