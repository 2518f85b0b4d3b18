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
    /// The statistics the last forward pass normalised with (the batch's in training, else the running ones).
    private var centre: [Float] = []
    private var inverseStd: [Float] = []
    /// A slice made by `channels(_:)` normalises with the statistics it was cut with instead of its input's.
    private var replaysStatistics = false

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

    /// Channels `range` of this layer as its last forward pass left them: its parameters and that pass's
    /// statistics, which the slice's forward passes reuse (recomputed blocks redo the pass channel group by group).
    func channels(_ range: Range<Int>) -> BatchNorm {
        var slice = BatchNorm(name: String(gamma.name.dropLast(".gamma".count)), channels: range.count,
                              momentum: momentum, epsilon: epsilon)
        slice.gamma.value = Array(gamma.value[range])
        slice.beta.value = Array(beta.value[range])
        slice.centre = Array(centre[range])
        slice.inverseStd = Array(inverseStd[range])
        slice.replaysStatistics = true
        return slice
    }

    /// The parameter gradients a slice (`channels(_:)`) accumulated, added to channels `range` of this layer's.
    mutating func addGradients(of slice: BatchNorm, at range: Range<Int>) {
        for (c, s) in zip(range, 0...) {
            gamma.grad[c] += slice.gamma.grad[s]
            beta.grad[c] += slice.beta.grad[s]
        }
    }

    public mutating func forward(_ x: Tensor, _ context: RunContext) -> Tensor {
        forward(x, context, keepNormalized: true)
    }

    /// The forward pass; without `keepNormalized` it keeps only the statistics (a recomputed block's backward
    /// pass normalises again through a slice).
    mutating func forward(_ x: Tensor, _ context: RunContext, keepNormalized: Bool) -> Tensor {
        if !replaysStatistics { takeStatistics(x, context) }
        var y = Tensor(uninitialized: x.shape)
        x.data.withShared { xs in
            y.data.withSharedMutable { ys in normalize(xs, into: ys, shape: x.shape, keepNormalized: keepNormalized) }
        }
        return y
    }

    /// The forward pass writing its output over its input, keeping only the statistics (a recomputed block's
    /// forward pass).
    mutating func normalizeInPlace(_ x: inout Tensor, _ context: RunContext) {
        takeStatistics(x, context)
        let shape = x.shape
        x.data.withSharedMutable { xs in normalize(xs, into: xs, shape: shape, keepNormalized: false) }
    }

    /// The statistics to normalise with (and, in training, the running ones' update).
    private mutating func takeStatistics(_ x: Tensor, _ context: RunContext) {
        let rows = x.shape[0], plane = x.rowSize / channels, channels = channels
        let n = Float(rows * plane)
        var mean = runningMean.value, variance = runningVar.value
        if context.training {
            let (sum, squares) = x.data.withShared { xs in
                Self.channelSums(channels: channels, rows: rows, plane: plane, zero: Double(0)) { base, s, s2 in
                    for p in 0..<plane { let v = Double(xs[base + p]); s += v; s2 += v * v }
                }
            }
            for c in 0..<channels {
                mean[c] = Float(sum[c] / Double(n))
                variance[c] = max(0, Float(squares[c] / Double(n)) - mean[c] * mean[c])
                let unbiased = n > 1 ? variance[c] * n / (n - 1) : variance[c]
                runningMean.value[c] += momentum * (mean[c] - runningMean.value[c])
                runningVar.value[c] += momentum * (unbiased - runningVar.value[c])
            }
        }
        inverseStd = variance.map { 1 / ($0 + epsilon).squareRoot() }
        centre = mean
    }

    /// y = γ·x̂ + β with x̂ = (x − centre)·inverseStd, from `xs` into `ys` of a tensor of `shape` (the same
    /// storage for an in-place pass: each value is read before it is written), keeping x̂ when asked.
    private mutating func normalize(_ xs: SharedPointer<Float>, into ys: SharedPointer<Float>, shape: [Int],
                                    keepNormalized: Bool) {
        let rows = shape[0], plane = shape.dropFirst(2).reduce(1, *), channels = channels
        var xhat = keepNormalized ? Tensor(uninitialized: shape) : Tensor(zeros: [0])
        let (centre, scale, shift, inverse) = (centre, gamma.value, beta.value, inverseStd)
        xhat.data.withSharedMutable { xh in
            Self.forEachPlane(rows: rows, channels: channels, plane: plane) { c, base in
                guard keepNormalized else {
                    for p in 0..<plane { ys[base + p] = scale[c] * ((xs[base + p] - centre[c]) * inverse[c]) + shift[c] }
                    return
                }
                for p in 0..<plane {
                    let v = (xs[base + p] - centre[c]) * inverse[c]
                    xh[base + p] = v
                    ys[base + p] = scale[c] * v + shift[c]
                }
            }
        }
        normalized = xhat
    }

    public mutating func backward(_ g: LayerGradient, _ context: RunContext, needInput: Bool) -> LayerGradient? {
        let rows = normalized.shape[0], plane = normalized.rowSize / channels, channels = channels
        let n = Float(rows * plane)
        /// Σ t and Σ t·x̂ per channel.
        func sums(_ t: Tensor) -> ([Float], [Float]) {
            t.data.withShared { ts in
                normalized.data.withShared { xh in
                    Self.channelSums(channels: channels, rows: rows, plane: plane, zero: Float(0)) { base, s, sx in
                        for p in 0..<plane { s += ts[base + p]; sx += ts[base + p] * xh[base + p] }
                    }
                }
            }
        }
        let (sumG, sumGX) = sums(g.signal)
        for c in 0..<channels {
            beta.grad[c] += sumG[c]
            gamma.grad[c] += sumGX[c]
        }
        guard needInput else { return nil }
        // Training: dx = γ/σ·(g − mean(g) − x̂·mean(g·x̂)); evaluation statistics are constants: dx = γ/σ·g.
        let factor = (0..<channels).map { gamma.value[$0] * inverseStd[$0] }
        let zeros = [Float](repeating: 0, count: channels)
        func inputGradient(_ t: Tensor, _ s: [Float], _ sx: [Float]) -> Tensor {
            var dx = Tensor(uninitialized: t.shape)
            t.data.withShared { ts in
                normalized.data.withShared { xh in
                    dx.data.withSharedMutable { d in
                        Self.forEachPlane(rows: rows, channels: channels, plane: plane) { c, base in
                            for p in 0..<plane {
                                d[base + p] = factor[c] * (ts[base + p] - s[c] / n - xh[base + p] * sx[c] / n)
                            }
                        }
                    }
                }
            }
            return dx
        }
        // The signal's sums are the ones just taken for γ and β.
        let signal = context.training ? inputGradient(g.signal, sumG, sumGX) : inputGradient(g.signal, zeros, zeros)
        let downstream = g.downstream.map { t in
            let (s, sx) = context.training ? sums(t) : (zeros, zeros)
            return inputGradient(t, s, sx)
        }
        return LayerGradient(signal: signal, downstream: downstream)
    }

    /// Two sums per channel over `[rows, channels, plane]`, computed on the workers by channel:
    /// `add(base, &a, &b)` adds one (row, channel) plane starting at `base`, rows in order (the same bits for any
    /// split).
    private static func channelSums<T: BinaryFloatingPoint & Sendable>(
        channels: Int, rows: Int, plane: Int, zero: T, _ add: @Sendable (Int, inout T, inout T) -> Void
    ) -> ([T], [T]) {
        var first = [T](repeating: zero, count: channels), second = first
        first.withSharedMutable { a in
            second.withSharedMutable { b in
                parallelRanges(channels, minimumPerThread: 1) { range in
                    for c in range {
                        var (s, t) = (zero, zero)
                        for r in 0..<rows { add((r * channels + c) * plane, &s, &t) }
                        (a[c], b[c]) = (s, t)
                    }
                }
            }
        }
        return (first, second)
    }

    /// Calls `body(channel, base)` for every (row, channel) plane of `[rows, channels, plane]`, split over the
    /// workers.
    private static func forEachPlane(rows: Int, channels: Int, plane: Int, _ body: @Sendable (Int, Int) -> Void) {
        parallelRanges(rows * channels, minimumPerThread: 1) { planes in
            for q in planes { body(q % channels, q * plane) }
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
