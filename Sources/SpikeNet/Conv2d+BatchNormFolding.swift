extension Conv2d {
    /// This convolution with an evaluation-mode `BatchNorm` after it folded in: per output channel c, with
    /// s = γ / √(running variance + ε), the weights times s and the bias (b − running mean)·s + β. Evaluation
    /// then skips batch norm's pass over every output value; training never folds (its statistics are the
    /// batch's). Folding costs one pass over the weights, far less than the convolution it precedes.
    func foldingBatchNorm(_ norm: BatchNorm) -> Conv2d {
        let patch = geometry.patch
        var folded = self
        for c in 0..<geometry.outChannels {
            let scale = norm.gamma.value[c] * (1 / (norm.runningVar.value[c] + norm.epsilon).squareRoot())
            for i in c * patch..<(c + 1) * patch { folded.weight.value[i] *= scale }
            folded.bias.value[c] = (bias.value[c] - norm.runningMean.value[c]) * scale + norm.beta.value[c]
        }
        return folded
    }
}

extension Network {
    /// The evaluation pass's convolution at `index` and how many layers it stands for: a Conv2d followed by a
    /// BatchNorm is folded into one (2 layers), any other Conv2d runs as it is (1); nil for other layers.
    func evaluationConvolution(at index: Int) -> (conv: Conv2d, layers: Int)? {
        guard let conv = layers[index] as? Conv2d else { return nil }
        guard index + 1 < layers.count, let norm = layers[index + 1] as? BatchNorm else { return (conv, 1) }
        return (conv.foldingBatchNorm(norm), 2)
    }
}
