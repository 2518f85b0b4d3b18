import Testing
@testable import SpikeNet

/// Finite-difference checks of every layer whose forward pass is smooth, and of the losses.
struct LayerGradientTests {
    /// Compares the layer's input and parameter gradients of f = Σ c·layer(x) with central differences.
    func check(_ make: () throws -> any Layer, input: Tensor, context: RunContext, tolerance: Float = 2e-2) throws {
        var layer = try make()
        var rng = NetRandom(seed: 7)
        let y = layer.forward(input, context)
        let c = Tensor(shape: y.shape, data: (0..<y.count).map { _ in rng.uniform(-1, 1) })
        func objective(_ l: inout any Layer, _ x: Tensor) -> Double {
            zip(l.forward(x, context).data, c.data).reduce(0) { $0 + Double($1.0 * $1.1) }
        }
        var params = layer.parameters
        for i in params.indices { params[i].zeroGrad() }
        layer.parameters = params
        _ = layer.forward(input, context)
        let dx = layer.backward(LayerGradient(signal: c), context, needInput: true)!.signal
        let h: Float = 1e-2
        for i in stride(from: 0, to: input.count, by: max(1, input.count / 40)) {
            var probe = try make(), plus = input, minus = input
            plus.data[i] += h
            minus.data[i] -= h
            let fd = (objective(&probe, plus) - objective(&probe, minus)) / Double(2 * h)
            #expect(abs(Double(dx.data[i]) - fd) <= Double(tolerance) * max(1, abs(fd)), "input \(i): \(dx.data[i]) vs \(fd)")
        }
        for (pi, p) in layer.parameters.enumerated() where p.trainable {
            for i in stride(from: 0, to: p.value.count, by: max(1, p.value.count / 20)) {
                func shifted(_ d: Float) throws -> Double {
                    var probe = try make()
                    var ps = probe.parameters
                    ps[pi].value[i] += d
                    probe.parameters = ps
                    return objective(&probe, input)
                }
                let fd = (try shifted(h) - shifted(-h)) / Double(2 * h)
                #expect(abs(Double(p.grad[i]) - fd) <= Double(tolerance) * max(1, abs(fd)), "\(p.name)[\(i)]: \(p.grad[i]) vs \(fd)")
            }
        }
    }

    func random(_ shape: [Int], density: Float = 1, seed: UInt64 = 3) -> Tensor {
        var rng = NetRandom(seed: seed)
        return Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in
            rng.uniform(0, 1) < density ? rng.uniform(-1, 1) : 0
        })
    }

    let ctx = RunContext(timeSteps: 2, batch: 2, training: true)

    @Test(arguments: [1, 0.1] as [Float])
    func dense(density: Float) throws {
        try check({ var r = NetRandom(seed: 1); return Dense(name: "d", inputs: 7, outputs: 5, random: &r) },
                  input: random([4, 7], density: density), context: ctx)
    }

    @Test(arguments: [1, 0.1] as [Float])
    func conv(density: Float) throws {
        try check({ var r = NetRandom(seed: 1)
                    return Conv2d(name: "c", inChannels: 2, outChannels: 3, kernel: 3, padding: 1, height: 5, width: 6, random: &r) },
                  input: random([4, 2, 5, 6], density: density), context: ctx)
    }

    @Test func pools() throws {
        try check({ Pool2d(.average, size: 2) }, input: random([4, 2, 4, 5]), context: ctx)
        try check({ Pool2d(.max, size: 2) }, input: random([4, 2, 4, 4]), context: ctx)
    }

    @Test func batchNormTrainingMode() throws {
        try check({ BatchNorm(name: "bn", channels: 3) }, input: random([4, 3, 2, 2]), context: ctx)
    }

    @Test func voteAndFlatten() throws {
        try check({ Vote(classes: 3, voters: 2) }, input: random([4, 6]), context: ctx)
        try check({ Flatten() }, input: random([4, 2, 2, 2]), context: ctx)
    }

    @Test(arguments: [Loss.rateMSE, .psc(target: 3, other: 1, tauS: 2), .spikeCount(target: 3, other: 1),
                      .perStepMSE(target: 2, other: 0), .crossEntropy(scale: 4)])
    func losses(_ loss: Loss) {
        let out = random([6, 4], seed: 9)
        let labels = [1, 3]
        let grad = loss.evaluate(out, labels: labels, timeSteps: 3).grad
        for i in 0..<out.count {
            var plus = out, minus = out
            plus.data[i] += 1e-2
            minus.data[i] -= 1e-2
            let fd = (loss.evaluate(plus, labels: labels, timeSteps: 3).loss - loss.evaluate(minus, labels: labels, timeSteps: 3).loss) / 2e-2
            #expect(abs(grad.data[i] - fd) < 2e-3, "\(loss) [\(i)]: \(grad.data[i]) vs \(fd)")
        }
    }
}
