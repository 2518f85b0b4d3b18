import Foundation

/// Losses on the output layer's `[T·B, K]` values (spikes, votes or PSCs). Each returns the loss and its gradient
/// with respect to every output value, scaled as `LossOptions` says (by default: the mean over the batch).
public enum Loss: Sendable, Codable, Hashable {
    /// STBP Eq. 9: ½·‖y − (1/T)Σ_t o[t]‖² against the one-hot label (BPSA's voting loss when after a `Vote`;
    /// BPSA's Eq. 5 has no ½: `LossOptions.halve` false).
    case rateMSE
    /// TSSL-BP Eq. 7: Σ_t ½·((ε∗d)[t] − a[t])², d a train of `target` (true class) or `other` evenly spaced spikes.
    case psc(target: Int, other: Int, tauS: Float)
    /// ½·(Σ_t o[t] − c)² with desired counts c = `target` (true class) or `other`.
    case spikeCount(target: Float, other: Float)
    /// Multi-threshold Eq. 6: Σ_t ½·(y[t] − s[t])², y = `target` for the true class and `other` elsewhere.
    case perStepMSE(target: Float, other: Float)
    /// Softmax cross-entropy on `scale`·(mean rate).
    case crossEntropy(scale: Float)

    /// The loss of integer labels: the desired values the kind derives from them, or cross-entropy.
    public func evaluate(_ output: Tensor, labels: [Int], timeSteps: Int,
                         options: LossOptions = LossOptions()) -> (loss: Float, grad: Tensor) {
        let batch = labels.count, k = output.count / max(timeSteps * batch, 1)
        guard case let .crossEntropy(scale) = self else {
            return evaluate(output, desired: desired(labels: labels, classes: k, timeSteps: timeSteps),
                            timeSteps: timeSteps, options: options)
        }
        var grad = Tensor(zeros: output.shape)
        var loss: Double = 0
        for b in 0..<batch {
            let logits = Loss.sums(output, b, batch: batch, classes: k, timeSteps: timeSteps).map { $0 * scale / Float(timeSteps) }
            let top = logits.max() ?? 0
            let exps = logits.map { exp($0 - top) }
            let total = exps.reduce(0, +)
            loss += Double(log(total) + top - logits[labels[b]])
            for i in 0..<k {
                let p = exps[i] / total - (i == labels[b] ? 1 : 0)
                for t in 0..<timeSteps { grad.data[(t * batch + b) * k + i] = p * scale / Float(timeSteps) }
            }
        }
        return options.scaled(loss: loss, grad: grad, batch: batch, classes: k, squaredError: false)
    }

    /// The loss of explicit desired values, for the squared-error kinds: `desired` is `[B, K]` desired mean rates
    /// (`rateMSE`) or spike counts (`spikeCount`), or `[T·B, K]` time-major desired PSCs (`psc`) or per-step
    /// outputs (`perStepMSE`).
    public func evaluate(_ output: Tensor, desired: Tensor, timeSteps: Int,
                         options: LossOptions = LossOptions()) -> (loss: Float, grad: Tensor) {
        let perSample = isPerSample
        let rows = output.shape.first ?? 0, k = output.count / max(rows, 1), batch = rows / max(timeSteps, 1)
        precondition(desired.count == (perSample ? batch * k : output.count), "desired values do not fit the output")
        var grad = Tensor(zeros: output.shape)
        var loss: Double = 0
        for b in 0..<batch {
            let sums = Loss.sums(output, b, batch: batch, classes: k, timeSteps: timeSteps)
            for i in 0..<k {
                if perSample {
                    let mean = self == .rateMSE ? sums[i] / Float(timeSteps) : sums[i]
                    let diff = mean - desired.data[b * k + i]
                    loss += Double(0.5 * diff * diff)
                    let g = self == .rateMSE ? diff / Float(timeSteps) : diff
                    for t in 0..<timeSteps { grad.data[(t * batch + b) * k + i] = g }
                } else {
                    for t in 0..<timeSteps {
                        let at = (t * batch + b) * k + i
                        let diff = output.data[at] - desired.data[at]
                        loss += Double(0.5 * diff * diff)
                        grad.data[at] = diff
                    }
                }
            }
        }
        return options.scaled(loss: loss, grad: grad, batch: batch, classes: k, squaredError: true)
    }

    /// Whether the kind compares one value per (sample, class) rather than one per step.
    private var isPerSample: Bool {
        switch self {
        case .rateMSE, .spikeCount, .crossEntropy: true
        case .psc, .perStepMSE: false
        }
    }

    /// What the squared-error kinds want for integer labels, in the layout `evaluate(_:desired:…)` takes (one-hot
    /// `[B, K]` for cross-entropy; the torch backend takes these too).
    public func desired(labels: [Int], classes k: Int, timeSteps: Int) -> Tensor {
        let batch = labels.count
        func value(_ b: Int, _ i: Int, target: Float, other: Float) -> Float { i == labels[b] ? target : other }
        switch self {
        case .rateMSE, .crossEntropy:
            return Tensor(shape: [batch, k], data: (0..<batch * k).map { value($0 / k, $0 % k, target: 1, other: 0) })
        case let .spikeCount(target, other):
            return Tensor(shape: [batch, k], data: (0..<batch * k).map { value($0 / k, $0 % k, target: target, other: other) })
        case let .perStepMSE(target, other):
            return Tensor(shape: [timeSteps * batch, k],
                          data: (0..<timeSteps * batch * k).map { value($0 / k % batch, $0 % k, target: target, other: other) })
        case let .psc(target, other, tauS):
            var d = Tensor(zeros: [timeSteps * batch, k])
            for b in 0..<batch {
                for i in 0..<k {
                    let psc = Loss.desiredPSC(count: i == labels[b] ? target : other, steps: timeSteps, tauS: tauS)
                    for t in 0..<timeSteps { d.data[(t * batch + b) * k + i] = psc[t] }
                }
            }
            return d
        }
    }

    /// Σ_t of sample `b`'s outputs, per class.
    private static func sums(_ output: Tensor, _ b: Int, batch: Int, classes k: Int, timeSteps: Int) -> [Float] {
        var sums = [Float](repeating: 0, count: k)
        for t in 0..<timeSteps { for i in 0..<k { sums[i] += output.data[(t * batch + b) * k + i] } }
        return sums
    }

    /// The PSC of `count` spikes spread evenly over `steps` (spike j at step ⌊(j + ½)·steps/count⌋).
    static func desiredPSC(count: Int, steps: Int, tauS: Float) -> [Float] {
        var train = [Float](repeating: 0, count: steps)
        let n = min(max(count, 0), steps)
        for j in 0..<n { train[Int((Float(j) + 0.5) * Float(steps) / Float(n))] = 1 }
        return filteredPSC(train, tauS: tauS)
    }

    /// The PSC `a[t] = (1 − 1/τs)·a[t−1] + d[t]/τs` of a spike train (TSSL-BP's kernel, applied to desired trains).
    public static func filteredPSC(_ train: [Float], tauS: Float) -> [Float] {
        var a: Float = 0
        return train.map { s in
            a = (1 - 1 / tauS) * a + s / tauS
            return a
        }
    }
}

/// How a loss is scaled: the papers and their code differ (STBP Eq. 9 halves the squared error, BPSA Eq. 5 does
/// not, the BP-STA code's `nn.MSELoss` also averages over classes; batch mean or sum).
public struct LossOptions: Sendable, Codable, Hashable {
    public enum Reduction: String, Sendable, Codable, CaseIterable { case mean, sum }
    public var reduction: Reduction
    /// ½ in front of squared errors (every squared-error kind has it unless this is false).
    public var halve: Bool
    /// Divides by the number of classes (outputs after voting).
    public var classMean: Bool

    public init(reduction: Reduction = .mean, halve: Bool = true, classMean: Bool = false) {
        self.reduction = reduction
        self.halve = halve
        self.classMean = classMean
    }

    /// Applies the scaling to a loss summed over the batch (with ½ on squared errors) and its gradient.
    func scaled(loss: Double, grad: Tensor, batch: Int, classes: Int, squaredError: Bool) -> (loss: Float, grad: Tensor) {
        let factor = factor(batch: batch, classes: classes, squaredError: squaredError)
        var grad = grad
        for i in grad.data.indices { grad.data[i] *= factor }
        return (Float(loss) * factor, grad)
    }
}

/// Class predicted per sample: the output with the largest sum over time (spike count, vote or PSC area).
/// `lengths` (per sample) limits each sum to the sample's real time steps, so the zero padding of a batch
/// does not count: the network is causal, so the result is the sample's prediction run alone.
public func predictions(_ output: Tensor, batch: Int, timeSteps: Int, lengths: [Int]? = nil) -> [Int] {
    let k = output.count / (timeSteps * batch)
    return (0..<batch).map { b in
        var sums = [Float](repeating: 0, count: k)
        let steps = min(lengths?[b] ?? timeSteps, timeSteps)
        for t in 0..<steps { for i in 0..<k { sums[i] += output.data[(t * batch + b) * k + i] } }
        return sums.indices.max { sums[$0] < sums[$1] } ?? 0
    }
}
