/// Batch normalisation per channel over `[T·B, C, …]` (statistics over all time steps, samples and positions,
/// as in the Conv-BN-LIF blocks of BPSA); running statistics for evaluation.
public struct BatchNorm: Layer {
    public var gamma: Parameter
    public var beta: Parameter
    public var runningMean: Parameter
    public var runningVar: Parameter
    public let momentum: Float
    public let epsilon: Float
    let channels: Int
    private var normalized = Tensor(zeros: [0])
    private var inverseStd: [Float] = []

    public init(name: String, channels: Int, momentum: Float = 0.1, epsilon: Float = 1e-5) {
        self.channels = channels
        self.momentum = momentum
        self.epsilon = epsilon
        gamma = Parameter(name: name + ".gamma", shape: [channels], value: .init(repeating: 1, count: channels),
                          decays: false)
        beta = Parameter(name: name + ".beta", shape: [channels], value: .init(repeating: 0, count: channels),
                         decays: false)
        runningMean = Parameter(name: name + ".running_mean", shape: [channels],
                                value: .init(repeating: 0, count: channels), trainable: false)
        runningVar = Parameter(name: name + ".running_var", shape: [channels],
                               value: .init(repeating: 1, count: channels), trainable: false)
    }

    public func outputShape(for input: [Int]) throws(SpikeNetError) -> [Int] {
        guard input.first == channels else {
            throw .shapeMismatch(layer: gamma.name, expected: "\(channels) channels", got: "\(input)")
        }
        return input
    }

    public var parameters: [Parameter] {
        get { [gamma, beta, runningMean, runningVar] }
        set { (gamma, beta, runningMean, runningVar) = (newValue[0], newValue[1], newValue[2], newValue[3]) }
    }

    public mutating func forward(_ x: Tensor, _ context: RunContext) -> Tensor {
        let rows = x.shape[0], plane = x.rowSize / channels, channels = channels
        let n = Float(rows * plane)
        var mean = runningMean.value, variance = runningVar.value
        if context.training {
            // Sums per channel, each over rows then positions in order (the same bits for any split).
            var sums = [Double](repeating: 0, count: 2 * channels)
            x.data.withShared { xs in
                sums.withSharedMutable { out in
                    parallelRanges(channels, minimumPerThread: 1) { range in
                        for c in range {
                            var s: Double = 0, s2: Double = 0
                            for r in 0..<rows {
                                let base = (r * channels + c) * plane
                                for p in 0..<plane { let v = Double(xs[base + p]); s += v; s2 += v * v }
                            }
                            (out[2 * c], out[2 * c + 1]) = (s, s2)
                        }
                    }
                }
            }
            for c in 0..<channels {
                mean[c] = Float(sums[2 * c] / Double(n))
                variance[c] = max(0, Float(sums[2 * c + 1] / Double(n)) - mean[c] * mean[c])
                let unbiased = n > 1 ? variance[c] * n / (n - 1) : variance[c]
                runningMean.value[c] += momentum * (mean[c] - runningMean.value[c])
                runningVar.value[c] += momentum * (unbiased - runningVar.value[c])
            }
        }
        inverseStd = variance.map { 1 / ($0 + epsilon).squareRoot() }
        var xhat = Tensor(uninitialized: x.shape), y = Tensor(uninitialized: x.shape)
        let (centre, scale, shift, inverse) = (mean, gamma.value, beta.value, inverseStd)
        x.data.withShared { xs in
            xhat.data.withSharedMutable { xh in
                y.data.withSharedMutable { ys in
                    parallelRanges(rows * channels, minimumPerThread: 1) { planes in
                        for q in planes {
                            let c = q % channels, base = q * plane
                            for p in 0..<plane {
                                let v = (xs[base + p] - centre[c]) * inverse[c]
                                xh[base + p] = v
                                ys[base + p] = scale[c] * v + shift[c]
                            }
                        }
                    }
                }
            }
        }
        normalized = xhat
        return y
    }

    public mutating func backward(_ g: LayerGradient, _ context: RunContext, needInput: Bool) -> LayerGradient? {
        let rows = normalized.shape[0], plane = normalized.rowSize / channels, channels = channels
        let n = Float(rows * plane)
        /// Σ t and Σ t·x̂ per channel, each over rows then positions in order.
        func sums(_ t: Tensor) -> ([Float], [Float]) {
            var both = [Float](repeating: 0, count: 2 * channels)
            t.data.withShared { ts in
                normalized.data.withShared { xh in
                    both.withSharedMutable { out in
                        parallelRanges(channels, minimumPerThread: 1) { range in
                            for c in range {
                                var s: Float = 0, sx: Float = 0
                                for r in 0..<rows {
                                    let base = (r * channels + c) * plane
                                    for p in 0..<plane { s += ts[base + p]; sx += ts[base + p] * xh[base + p] }
                                }
                                (out[2 * c], out[2 * c + 1]) = (s, sx)
                            }
                        }
                    }
                }
            }
            return ((0..<channels).map { both[2 * $0] }, (0..<channels).map { both[2 * $0 + 1] })
        }
        let (sumG, sumGX) = sums(g.signal)
        for c in 0..<channels {
            beta.grad[c] += sumG[c]
            gamma.grad[c] += sumGX[c]
        }
        guard needInput else { return nil }
        // Training: dx = γ/σ·(g − mean(g) − x̂·mean(g·x̂)); evaluation statistics are constants: dx = γ/σ·g.
        let training = context.training
        let factor = (0..<channels).map { gamma.value[$0] * inverseStd[$0] }
        return g.map { t in
            let (s, sx) = training ? sums(t) : ([Float](repeating: 0, count: channels), [Float](repeating: 0, count: channels))
            var dx = Tensor(uninitialized: t.shape)
            t.data.withShared { ts in
                normalized.data.withShared { xh in
                    dx.data.withSharedMutable { d in
                        parallelRanges(rows * channels, minimumPerThread: 1) { planes in
                            for q in planes {
                                let c = q % channels, base = q * plane
                                for p in 0..<plane {
                                    d[base + p] = factor[c] * (ts[base + p] - s[c] / n - xh[base + p] * sx[c] / n)
                                }
                            }
                        }
                    }
                }
            }
            return dx
        }
    }
}

extension BatchNorm {
    /// Keeps the normalised input; works with its input and output (forward) or both gradients (backward).
    public func footprint(input: [Int]) -> LayerFootprint {
        let n = input.reduce(1, *)
        return LayerFootprint(keptPerRow: 4 * n, workingPerRow: 4 * 2 * n)
    }
}
