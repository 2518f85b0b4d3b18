import Foundation

/// Losses on the output layer's `[T·B, K]` values (spikes, votes or PSCs). Each returns the loss averaged over
/// the batch and its gradient with respect to every output value.
public enum Loss: Sendable, Codable, Hashable {
    /// STBP Eq. 9: ½·‖y − (1/T)Σ_t o[t]‖² against the one-hot label (BPSA's voting loss when after a `Vote`).
    case rateMSE
    /// TSSL-BP Eq. 7: Σ_t ½·((ε∗d)[t] − a[t])², d a train of `target` (true class) or `other` evenly spaced spikes.
    case psc(target: Int, other: Int, tauS: Float)
    /// ½·(Σ_t o[t] − c)² with desired counts c = `target` (true class) or `other`.
    case spikeCount(target: Float, other: Float)
    /// Multi-threshold Eq. 6: Σ_t ½·(y[t] − s[t])², y = `target` for the true class and `other` elsewhere.
    case perStepMSE(target: Float, other: Float)
    /// Softmax cross-entropy on `scale`·(mean rate).
    case crossEntropy(scale: Float)

    public func evaluate(_ output: Tensor, labels: [Int], timeSteps: Int) -> (loss: Float, grad: Tensor) {
        let batch = labels.count, k = output.count / (timeSteps * batch)
        var grad = Tensor(zeros: output.shape)
        var loss: Double = 0
        let inv = 1 / Float(batch)
        func at(_ t: Int, _ b: Int, _ i: Int) -> Int { (t * batch + b) * k + i }
        for b in 0..<batch {
            var sums = [Float](repeating: 0, count: k)
            for t in 0..<timeSteps { for i in 0..<k { sums[i] += output.data[at(t, b, i)] } }
            switch self {
            case .rateMSE:
                for i in 0..<k {
                    let diff = sums[i] / Float(timeSteps) - (i == labels[b] ? 1 : 0)
                    loss += Double(0.5 * diff * diff)
                    for t in 0..<timeSteps { grad.data[at(t, b, i)] = diff / Float(timeSteps) * inv }
                }
            case let .psc(target, other, tauS):
                for i in 0..<k {
                    let desired = Loss.desiredPSC(count: i == labels[b] ? target : other, steps: timeSteps, tauS: tauS)
                    for t in 0..<timeSteps {
                        let diff = output.data[at(t, b, i)] - desired[t]
                        loss += Double(0.5 * diff * diff)
                        grad.data[at(t, b, i)] = diff * inv
                    }
                }
            case let .spikeCount(target, other):
                for i in 0..<k {
                    let diff = sums[i] - (i == labels[b] ? target : other)
                    loss += Double(0.5 * diff * diff)
                    for t in 0..<timeSteps { grad.data[at(t, b, i)] = diff * inv }
                }
            case let .perStepMSE(target, other):
                for i in 0..<k {
                    let y = i == labels[b] ? target : other
                    for t in 0..<timeSteps {
                        let diff = output.data[at(t, b, i)] - y
                        loss += Double(0.5 * diff * diff)
                        grad.data[at(t, b, i)] = diff * inv
                    }
                }
            case let .crossEntropy(scale):
                let logits = sums.map { $0 * scale / Float(timeSteps) }
                let top = logits.max() ?? 0
                let exps = logits.map { exp($0 - top) }
                let total = exps.reduce(0, +)
                loss += Double(log(total) + top - logits[labels[b]])
                for i in 0..<k {
                    let p = exps[i] / total - (i == labels[b] ? 1 : 0)
                    for t in 0..<timeSteps { grad.data[at(t, b, i)] = p * scale / Float(timeSteps) * inv }
                }
            }
        }
        return (Float(loss) * inv, grad)
    }

    /// The PSC of `count` spikes spread evenly over `steps` (spike j at step ⌊(j + ½)·steps/count⌋).
    static func desiredPSC(count: Int, steps: Int, tauS: Float) -> [Float] {
        var train = [Float](repeating: 0, count: steps)
        let n = min(max(count, 0), steps)
        for j in 0..<n { train[Int((Float(j) + 0.5) * Float(steps) / Float(n))] = 1 }
        var a: Float = 0
        return train.map { s in
            a = (1 - 1 / tauS) * a + s / tauS
            return a
        }
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
