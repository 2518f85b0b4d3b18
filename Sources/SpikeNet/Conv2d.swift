/// 2-D convolution (stride 1, zero padding `padding`) over `[T·B, C, H, W]`. Dense inputs go through
/// im2col + sgemm; sparse spike inputs scatter each active pixel's kernel into a channels-last buffer, which
/// skips the zeros that make up ~90 % of event frames.
public struct Conv2d: Layer {
    public var weight: Parameter
    public var bias: Parameter
    private(set) var geometry: ConvGeometry
    private var savedInput = Tensor(zeros: [0])
    private var savedSparse: SparseRows?

    public init(name: String, inChannels: Int, outChannels: Int, kernel: Int, padding: Int = 0,
                height: Int, width: Int, random: inout NetRandom) {
        geometry = ConvGeometry(inChannels: inChannels, outChannels: outChannels, kernel: kernel, padding: padding,
                                height: height, width: width)
        let fanIn = inChannels * kernel * kernel
        weight = Parameter(name: name + ".weight", shape: [outChannels, inChannels, kernel, kernel],
                           value: random.fanInUniform(count: outChannels * fanIn, fanIn: fanIn))
        bias = Parameter(name: name + ".bias", shape: [outChannels],
                         value: random.fanInUniform(count: outChannels, fanIn: fanIn), decays: false)
    }

    /// Output channels `channels` of this convolution over the same saved input: their weights and biases,
    /// with gradients of their own (recomputed blocks run it channel group by channel group).
    func outputChannels(_ channels: Range<Int>) -> Conv2d {
        let g = geometry, patch = g.patch
        var slice = self
        slice.geometry = ConvGeometry(inChannels: g.inChannels, outChannels: channels.count, kernel: g.kernel,
                                      padding: g.padding, height: g.height, width: g.width)
        slice.weight = Parameter(name: weight.name, shape: [channels.count] + weight.shape.dropFirst(),
                                 value: Array(weight.value[channels.lowerBound * patch..<channels.upperBound * patch]))
        slice.bias = Parameter(name: bias.name, shape: [channels.count], value: Array(bias.value[channels]),
                               decays: false)
        return slice
    }

    public func outputShape(for input: [Int]) throws(SpikeNetError) -> [Int] {
        let g = geometry
        guard input == [g.inChannels, g.height, g.width], g.outHeight > 0, g.outWidth > 0 else {
            throw .shapeMismatch(layer: weight.name, expected: "[\(g.inChannels), \(g.height), \(g.width)]",
                                 got: "\(input)")
        }
        return [g.outChannels, g.outHeight, g.outWidth]
    }

    public var parameters: [Parameter] {
        get { [weight, bias] }
        set { weight = newValue[0]; bias = newValue[1] }
    }

    public mutating func updateParameters(_ body: (inout Parameter) -> Void) {
        body(&weight)
        body(&bias)
    }

    public mutating func forward(_ x: Tensor, _ context: RunContext) -> Tensor {
        _ = EngineSetup.once
        let g = geometry
        let rows = x.count / g.inSize
        savedSparse = SparseRows(x, rows: rows)
        // The sparse backward reads only the compressed rows: keeping the float input too would hold the whole
        // spike tensor of the layer below until the backward pass.
        savedInput = savedSparse == nil ? x : Tensor(zeros: [0])
        let y = outputOfSavedInput(rows: rows)
        // Only a training pass has a backward pass to keep the input for.
        if !context.training { (savedSparse, savedInput) = (nil, Tensor(zeros: [0])) }
        return y
    }

    /// The convolution of the input the last `forward` saved (recomputed blocks call it again on a slice of the
    /// output channels: each output value is summed in the same order whichever channels are computed with it).
    func outputOfSavedInput(rows: Int) -> Tensor {
        let g = geometry
        let x = savedInput
        var y = Tensor(uninitialized: [rows, g.outChannels, g.outHeight, g.outWidth])
        let sparse = savedSparse
        let transposed = sparse == nil ? [] : g.kernelMajor(weight.value, stride: g.paddedChannels)
        y.data.withSharedMutable { out in
            weight.value.withShared { w in
                bias.value.withShared { b in
                    x.data.withShared { xs in
                        transposed.withShared { wt in
                            parallelRanges(rows, minimumPerThread: 1) { range in
                                var scratch = [Float](repeating: 0, count: sparse == nil ? g.blockColSize : g.scatterSize)
                                for r in range {
                                    let o = out.base + r * g.outSize
                                    if let sparse {
                                        g.scatterForward(sparse, row: r, kernelMajor: wt, bias: b.base, scratch: &scratch, out: o)
                                        continue
                                    }
                                    scratch.withUnsafeMutableBufferPointer { col in
                                        g.forEachPositionBlock { p0, p1 in
                                            g.im2col(xs.base + r * g.inSize, positions: p0, p1, into: col.baseAddress!)
                                            sgemm(m: g.outChannels, n: p1 - p0, k: g.patch, w.base, lda: g.patch,
                                                  col.baseAddress!, ldb: p1 - p0, beta: 0, o + p0, ldc: g.outPlane)
                                        }
                                    }
                                    for c in 0..<g.outChannels {
                                        let plane = o + c * g.outPlane
                                        for p in 0..<g.outPlane { plane[p] += b[c] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return y
    }

    public mutating func backward(_ grad: LayerGradient, _ context: RunContext, needInput: Bool) -> LayerGradient? {
        let g = geometry
        let rows = grad.signal.count / g.outSize
        let (x, sparse) = (savedInput, savedSparse)
        // Rows are summed in a fixed number of groups, each into its own dW (kernel-major when sparse), and the
        // groups added in order: the bits do not depend on the thread count.
        let groups = Conv2d.weightGradientGroups(rows: rows, weightCount: g.weightCount)
        var partial = [Float](repeating: 0, count: groups * g.weightCount)
        grad.signal.data.withShared { gs in
            x.data.withShared { xs in
                partial.withSharedMutable { acc in
                    parallelTasks(groups) { group in
                        let dw = acc.base + group * g.weightCount
                        var scratch = [Float](repeating: 0, count: sparse == nil ? g.blockColSize : g.outSize)
                        for r in rows * group / groups..<rows * (group + 1) / groups {
                            let gr = gs.base + r * g.outSize
                            if let sparse {
                                g.scatterWeightGrad(sparse, row: r, grad: gr, scratch: &scratch, dwKernelMajor: dw)
                                continue
                            }
                            scratch.withUnsafeMutableBufferPointer { col in
                                g.forEachPositionBlock { p0, p1 in
                                    g.im2col(xs.base + r * g.inSize, positions: p0, p1, into: col.baseAddress!)
                                    sgemm(transB: true, m: g.outChannels, n: g.patch, k: p1 - p0, gr + p0, lda: g.outPlane,
                                          col.baseAddress!, ldb: p1 - p0, beta: 1, dw, ldc: g.patch)
                                }
                            }
                        }
                    }
                }
            }
        }
        // The groups' sums, the bias sums (per channel, rows in order) and the update of the gradients, split
        // over the workers by element or channel: the same bits as one loop.
        var total = [Float](repeating: 0, count: g.weightCount)
        partial.withShared { acc in
            total.withSharedMutable { t in
                parallelRanges(g.weightCount, minimumPerThread: 65_536) { range in
                    for group in 0..<groups { for i in range { t[i] += acc[group * g.weightCount + i] } }
                }
            }
        }
        if sparse != nil { total = g.outputMajor(total) }
        total.withShared { t in
            weight.grad.withSharedMutable { dw in
                parallelRanges(g.weightCount, minimumPerThread: 65_536) { range in for i in range { dw[i] += t[i] } }
            }
        }
        var biasSums = [Float](repeating: 0, count: g.outChannels)
        grad.signal.data.withShared { gs in
            biasSums.withSharedMutable { b in
                parallelRanges(g.outChannels, minimumPerThread: 1) { channels in
                    for r in 0..<rows {
                        for c in channels { b[c] += sum(gs.base + r * g.outSize + c * g.outPlane, g.outPlane) }
                    }
                }
            }
        }
        for c in 0..<g.outChannels { bias.grad[c] += biasSums[c] }
        guard needInput else { return nil }
        var dx = Tensor(zeros: [rows, g.inChannels, g.height, g.width])
        grad.toPropagate.data.withShared { gs in
            weight.value.withShared { w in
                dx.data.withSharedMutable { d in
                    parallelRanges(rows, minimumPerThread: 1) { range in
                        var col = [Float](repeating: 0, count: g.blockColSize)
                        for r in range {
                            col.withUnsafeMutableBufferPointer { cp in
                                g.forEachPositionBlock { p0, p1 in
                                    sgemm(transA: true, m: g.patch, n: p1 - p0, k: g.outChannels, w.base, lda: g.patch,
                                          gs.base + r * g.outSize + p0, ldb: g.outPlane, beta: 0, cp.baseAddress!, ldc: p1 - p0)
                                    g.col2imAdd(cp.baseAddress!, positions: p0, p1, into: d.base + r * g.inSize)
                                }
                            }
                        }
                    }
                }
            }
        }
        return LayerGradient(signal: dx)
    }
}

extension Conv2d {
    /// Row groups of the weight gradient: up to 64 (work for as many cores), fewer when the partial sums would
    /// pass 256 MB (a 1024-filter layer's dW is 19 MB), at least 2 (or 1 for a single row).
    static func weightGradientGroups(rows: Int, weightCount: Int) -> Int {
        max(1, min(rows, 64, max(2, (256 << 20) / max(1, 4 * weightCount))))
    }
}

extension Conv2d {
    /// Keeps its input (dense worst case; spikes below 20 % density are kept compressed, 8 bytes per non-zero);
    /// works with its output, and in the backward pass both gradients; the weight-gradient row groups, the
    /// per-thread im2col blocks and the transposed weights do not grow with the batch.
    public func footprint(input: [Int]) -> LayerFootprint {
        let g = geometry
        let perThread = 4 * max(g.blockColSize, g.scatterSize)
        return LayerFootprint(keptPerRow: 4 * g.inSize, workingPerRow: 4 * (g.inSize + g.outSize),
                              fixed: 4 * g.weightCount * (Conv2d.weightGradientGroups(rows: 64, weightCount: g.weightCount) + 2)
                                  + perThread * EngineThreads.count)
    }
}
