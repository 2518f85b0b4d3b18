import Testing
@testable import SpikeNet

/// Evaluation folds batch norm into the convolution before it: the folded convolution must give what the
/// convolution followed by batch norm's evaluation pass (running statistics) gives.
struct BatchNormFoldingTests {
    /// One input channel, one output channel, a 1×1 kernel: the folded values by hand.
    @Test func foldsByHand() throws {
        var random = NetRandom(seed: 1)
        var conv = Conv2d(name: "c", inChannels: 1, outChannels: 1, kernel: 1, height: 1, width: 2, random: &random)
        conv.weight.value = [2]
        conv.bias.value = [1]
        var norm = BatchNorm(name: "c.bn", channels: 1)
        norm.gamma.value = [3]
        norm.beta.value = [0.5]
        norm.runningMean.value = [1]
        norm.runningVar.value = [3]
        let folded = conv.foldingBatchNorm(norm)
        let scale: Float = 3 / (3 + 1e-5 as Float).squareRoot()
        #expect(folded.weight.value == [2 * scale])
        #expect(folded.bias.value == [(1 - 1) * scale + 0.5])
        // x = [1, -2]: conv 3 and -3, then BN: 3·(3 − 1)/√3 + 0.5 and 3·(−3 − 1)/√3 + 0.5.
        var f = folded
        let y = f.forward(Tensor(shape: [1, 1, 1, 2], data: [1, -2]), RunContext(timeSteps: 1, batch: 1, training: false))
        let root3 = Float(3).squareRoot()
        let expected: [Float] = [3 * 2 / root3 + 0.5, 3 * -4 / root3 + 0.5]
        for (a, b) in zip(y.data, expected) { #expect(abs(a - b) <= 4e-6 * abs(b)) }  // float rounding of a few operations
    }

    /// A trained Conv-BN layer (running statistics moved away from 0 / 1, γ and β set): folded output equals
    /// conv → BN(eval) within float rounding, for sparse spike input and dense input.
    @Test(arguments: [Float(0.1), 0.9])
    func foldedEqualsConvThenNorm(density: Float) throws {
        var random = NetRandom(seed: 7)
        var conv = Conv2d(name: "c", inChannels: 3, outChannels: 5, kernel: 3, padding: 1, height: 6, width: 6,
                          random: &random)
        var norm = BatchNorm(name: "c.bn", channels: 5)
        norm.gamma.value = [0.5, 1.5, -0.7, 2, 1]
        norm.beta.value = [0.1, -0.2, 0.3, 0, 0.05]
        let rows = 4, n = rows * 3 * 36
        let x = Tensor(shape: [rows, 3, 6, 6], data: (0..<n).map {
            let h = Float(($0 &* 2_654_435_761 >> 7) % 1000) / 1000
            return density > 0.5 ? h * 2 - 0.5 : (h < density ? 1 : 0)
        })
        // Training passes move the running statistics.
        let training = RunContext(timeSteps: 1, batch: rows, training: true)
        for _ in 0..<5 { _ = norm.forward(conv.forward(x, training), training) }
        #expect(norm.runningMean.value.contains { abs($0) > 0.01 })

        let evaluation = RunContext(timeSteps: 1, batch: rows, training: false)
        let reference = norm.forward(conv.forward(x, evaluation), evaluation)
        var folded = conv.foldingBatchNorm(norm)
        let y = folded.forward(x, evaluation)
        let largest = reference.data.map(abs).max()!
        for (a, b) in zip(y.data, reference.data) { #expect(abs(a - b) <= 1e-5 * largest) }
    }
}
