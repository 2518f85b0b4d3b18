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
        let rows = x.shape[0], plane = x.rowSize / channels
        let n = Float(rows * plane)
        var mean = runningMean.value, variance = runningVar.value
        if context.training {
            for c in 0..<channels {
                var s: Double = 0, s2: Double = 0
                for r in 0..<rows {
                    let base = (r * channels + c) * plane
                    for p in 0..<plane { let v = Double(x.data[base + p]); s += v; s2 += v * v }
                }
                mean[c] = Float(s / Double(n))
                variance[c] = max(0, Float(s2 / Double(n)) - mean[c] * mean[c])
                let unbiased = n > 1 ? variance[c] * n / (n - 1) : variance[c]
                runningMean.value[c] += momentum * (mean[c] - runningMean.value[c])
                runningVar.value[c] += momentum * (unbiased - runningVar.value[c])
            }
        }
        inverseStd = variance.map { 1 / ($0 + epsilon).squareRoot() }
        normalized = x
        var y = x
        for r in 0..<rows {
            for c in 0..<channels {
                let base = (r * channels + c) * plane
                for p in 0..<plane {
                    let xh = (x.data[base + p] - mean[c]) * inverseStd[c]
                    normalized.data[base + p] = xh
                    y.data[base + p] = gamma.value[c] * xh + beta.value[c]
                }
            }
        }
        return y
    }

    public mutating func backward(_ g: LayerGradient, _ context: RunContext, needInput: Bool) -> LayerGradient? {
        let rows = normalized.shape[0], plane = normalized.rowSize / channels
        let n = Float(rows * plane)
        var sumG = [Float](repeating: 0, count: channels), sumGX = sumG
        func sums(_ t: Tensor) -> ([Float], [Float]) {
            var s = [Float](repeating: 0, count: channels), sx = s
            for r in 0..<rows {
                for c in 0..<channels {
                    let base = (r * channels + c) * plane
                    for p in 0..<plane { s[c] += t.data[base + p]; sx[c] += t.data[base + p] * normalized.data[base + p] }
                }
            }
            return (s, sx)
        }
        (sumG, sumGX) = sums(g.signal)
        for c in 0..<channels {
            beta.grad[c] += sumG[c]
            gamma.grad[c] += sumGX[c]
        }
        guard needInput else { return nil }
        // Training: dx = γ/σ·(g − mean(g) − x̂·mean(g·x̂)); evaluation statistics are constants: dx = γ/σ·g.
        let training = context.training
        return g.map { t in
            let (s, sx) = training ? sums(t) : ([Float](repeating: 0, count: channels), [Float](repeating: 0, count: channels))
            var dx = t
            for r in 0..<rows {
                for c in 0..<channels {
                    let base = (r * channels + c) * plane
                    let k = gamma.value[c] * inverseStd[c]
                    for p in 0..<plane {
                        dx.data[base + p] = k * (t.data[base + p] - s[c] / n - normalized.data[base + p] * sx[c] / n)
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
