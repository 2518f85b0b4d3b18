/// Fully connected layer `y = x·W + b` applied to every row of `[T·B, in]`. W is stored `[in, out]` so an
/// active input selects one contiguous row of W (the sparse gather path).
public struct Dense: Layer {
    public var weight: Parameter
    public var bias: Parameter
    let inputs: Int
    let outputs: Int
    private var savedInput = Tensor(zeros: [0])
    private var savedSparse: SparseRows?

    public init(name: String, inputs: Int, outputs: Int, random: inout NetRandom) {
        self.inputs = inputs
        self.outputs = outputs
        weight = Parameter(name: name + ".weight", shape: [inputs, outputs],
                           value: random.fanInUniform(count: inputs * outputs, fanIn: inputs))
        bias = Parameter(name: name + ".bias", shape: [outputs],
                         value: random.fanInUniform(count: outputs, fanIn: inputs), decays: false)
    }

    public func outputShape(for input: [Int]) throws(SpikeNetError) -> [Int] {
        guard input.reduce(1, *) == inputs else {
            throw .shapeMismatch(layer: weight.name, expected: "\(inputs) values", got: "\(input)")
        }
        return [outputs]
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
        let rows = x.count / inputs
        var y = Tensor(uninitialized: [rows, outputs])
        savedSparse = SparseRows(x, rows: rows)
        // The sparse backward reads only the compressed rows: keeping the float input too would hold the whole
        // spike tensor of the layer below until the backward pass.
        savedInput = savedSparse == nil ? x : Tensor(zeros: [0])
        let (nIn, nOut, sparse) = (inputs, outputs, savedSparse)
        y.data.withSharedMutable { out in
            weight.value.withShared { w in
                bias.value.withShared { b in
                    if let sparse {
                        sparse.withShared { rs, ix, vs in
                            let gather = SparseGather(starts: rs, index: ix, value: vs, binary: sparse.binary)
                            parallelRanges(rows, minimumPerThread: 8) { range in
                                gather.run(targets: range, source: w.base, width: nOut, initial: b.base, initialStride: 0,
                                           out: out.base)
                            }
                        }
                        return
                    }
                    for r in 0..<rows { (out.base + r * nOut).update(from: b.base, count: nOut) }
                    x.data.withShared { xs in
                        parallelBLASRanges(rows, minimumPerThread: 8) { range in
                            sgemm(m: range.count, n: nOut, k: nIn, xs.base + range.lowerBound * nIn, lda: nIn,
                                  w.base, ldb: nOut, beta: 1, out.base + range.lowerBound * nOut, ldc: nOut)
                        }
                    }
                }
            }
        }
        return y
    }

    public mutating func backward(_ g: LayerGradient, _ context: RunContext, needInput: Bool) -> LayerGradient? {
        let rows = g.signal.count / outputs
        let (nIn, nOut, x, sparse) = (inputs, outputs, savedInput, savedSparse)
        g.signal.data.withShared { gs in
            bias.grad.withSharedMutable { db in
                for r in 0..<rows { axpy(1, gs.base + r * nOut, db.base, nOut) }
            }
            weight.grad.withSharedMutable { dw in
                if let sparse {
                    // Each worker owns a block of inputs, i.e. of dW's rows, so the two never write the same part.
                    let columns = sparse.columns()
                    columns.withShared { cs, rw, vs in
                        let gather = SparseGather(starts: cs, index: rw, value: vs, binary: columns.binary)
                        parallelRanges(nIn, minimumPerThread: 16) { inputs in
                            gather.run(targets: inputs, source: gs.base, width: nOut, initial: dw.base, initialStride: nOut,
                                       out: dw.base)
                        }
                    }
                } else {
                    // Each worker owns a block of output columns, so the two never write the same part of dW.
                    x.data.withShared { xs in
                        parallelBLASRanges(nOut, minimumPerThread: 16) { cols in
                            sgemm(transA: true, m: nIn, n: cols.count, k: rows, xs.base, lda: nIn,
                                  gs.base + cols.lowerBound, ldb: nOut, beta: 1, dw.base + cols.lowerBound, ldc: nOut)
                        }
                    }
                }
            }
        }
        guard needInput else { return nil }
        var dx = Tensor(uninitialized: [rows, nIn])
        g.toPropagate.data.withShared { gs in
            weight.value.withShared { w in
                dx.data.withSharedMutable { d in
                    parallelBLASRanges(rows, minimumPerThread: 8) { range in
                        sgemm(transB: true, m: range.count, n: nIn, k: nOut, gs.base + range.lowerBound * nOut,
                              lda: nOut, w.base, ldb: nOut, beta: 0, d.base + range.lowerBound * nIn, ldc: nIn)
                    }
                }
            }
        }
        return LayerGradient(signal: dx)
    }
}

/// x[0] + … + x[n−1], summed in eight lanes (a plain loop stays scalar: the compiler keeps the addition order).
@inline(__always)
func sum(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
    var lanes = SIMD8<Float>()
    var i = 0
    while i &+ 8 <= n {
        lanes += UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
        i &+= 8
    }
    var total = lanes.sum()
    while i < n {
        total += x[i]
        i &+= 1
    }
    return total
}

/// y[0..<n] += a·x[0..<n], eight lanes at a time (cheaper than a BLAS call for the short rows of the gather
/// paths; written with SIMD8 because the compiler cannot prove that x and y do not overlap).
@inline(__always)
func axpy(_ a: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
    let lanes = SIMD8<Float>(repeating: a)
    var i = 0
    while i &+ 8 <= n {
        let xv = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
        let yv = UnsafeRawPointer(y + i).loadUnaligned(as: SIMD8<Float>.self)
        UnsafeMutableRawPointer(y + i).storeBytes(of: yv + lanes * xv, as: SIMD8<Float>.self)
        i &+= 8
    }
    while i < n {
        y[i] += a * x[i]
        i &+= 1
    }
}

extension Dense {
    /// Keeps its input (dense worst case, as `Conv2d`); the backward pass also regroups a sparse input by column.
    public func footprint(input: [Int]) -> LayerFootprint {
        LayerFootprint(keptPerRow: 4 * inputs, workingPerRow: 4 * (2 * inputs + outputs))
    }
}
