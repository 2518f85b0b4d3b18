#if SPIKESTREAM_TORCH
import Foundation
import SpikeModel
import SpikeNet
import SpikeTorch
import Testing

/// Training steps on torch-cpu against the CPU engine's, the meta device (every tensor of a step on one device),
/// and a torch-trained network back on the CPU engine.
@Suite("torch-cpu training steps")
struct TorchTrainingTests {
    /// A gradient case with a conv layer (STBP h2, padding 1) and labels cycling through the classes.
    static func setUp() throws -> (network: Network, input: Tensor, labels: [Int]) {
        let gradientCase = try TorchGradientCaseTests.load("stbp-h2-conv-pad1")
        let network = try gradientCase.network()
        let input = gradientCase.data.input
        let classes = network.outputShape.reduce(1, *)
        return (network, input, (0..<input.shape[0]).map { $0 % classes })
    }

    static func maxDifference(_ a: [Parameter], _ b: [String: Parameter]) -> (error: Float, scale: Float) {
        var error: Float = 0, scale: Float = 0
        for p in a where p.trainable {
            guard let q = b[p.name] else { return (.infinity, 0) }
            error = max(error, zip(p.value, q.value).map { abs($0 - $1) }.max() ?? 0)
            scale = max(scale, p.value.map(abs).max() ?? 0)
        }
        return (error, scale)
    }

    /// `steps` training steps on the engine (`engine`, `engineOptimizer`) and on torch-cpu from the same start:
    /// each step's loss and correct count as the engine's, and (unless `parameters` is false) the parameters within
    /// 1e-4 of the largest. Returns the torch trainer and its optimizer.
    static func sideBySide(_ engine: inout Network, _ engineOptimizer: inout Optimizer, input: Tensor, labels: [Int],
                           steps: Int, parameters: Bool = true) throws -> (TorchTrainer, Optimizer) {
        var torchOptimizer = engineOptimizer
        let torch = try TorchTrainer(engine, optimizer: torchOptimizer, device: "cpu")
        for step in 1...steps {
            let expected = try engine.trainStep(input, labels: labels, optimizer: &engineOptimizer)
            let got = try torch.trainStep(input, labels: labels, optimizer: &torchOptimizer)
            #expect(abs(got.loss - expected.loss) <= 1e-4 * expected.loss, "step \(step): \(got.loss) vs \(expected.loss)")
            #expect(got.correct == expected.correct && got.count == expected.count)
            guard parameters else { continue }
            let (error, scale) = maxDifference(engine.parameters, try torch.network.parameters())
            #expect(error <= 1e-4 * scale, "step \(step): parameters differ by \(error) (largest \(scale))")
        }
        return (torch, torchOptimizer)
    }

    @Test("three SGD-with-momentum or AdamW steps: the same losses, parameters and moments as the engine", arguments: [
        OptimizerKind.sgd(momentum: 0.9), .adamW(beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01),
    ])
    func steps(_ kind: OptimizerKind) throws {
        var (engine, input, labels) = try Self.setUp()
        let lr: Float = if case .sgd = kind { 0.5 } else { 0.002 }
        var engineOptimizer = Optimizer(kind, learningRate: lr, gradNormClip: 5)
        var (torch, torchOptimizer) = try Self.sideBySide(&engine, &engineOptimizer, input: input, labels: labels, steps: 3)
        #expect(torchOptimizer.step == 3)
        var copied = engine
        try torch.synchronize(&copied, &torchOptimizer)
        for (p, q) in zip(copied.parameters, engine.parameters) where p.trainable {
            let (m, n) = (torchOptimizer.moments(of: p.name), engineOptimizer.moments(of: q.name))
            let error = zip(m.first ?? [], n.first ?? []).map { abs($0 - $1) }.max() ?? .infinity
            #expect(error <= 1e-4 * (n.first?.map(abs).max() ?? 0) + 1e-9, "\(p.name): first moments differ by \(error)")
            #expect((m.second == nil) == (n.second == nil))
        }
    }

    @Test("multi-threshold neurons, per-step MSE from labels, the paper's separate error: SGD steps as the engine's",
          arguments: ["mt-f2-conv-pad1-mode0", "mt-f3-dense-mode2"])
    func multiThreshold(_ name: String) throws {
        let gradientCase = try TorchGradientCaseTests.load(name)
        var engine = try gradientCase.network()
        let input = gradientCase.data.input
        let labels = (0..<input.shape[0]).map { $0 % engine.outputShape.reduce(1, *) }
        var optimizer = Optimizer(.sgd(momentum: 0.5), learningRate: 0.05)
        _ = try Self.sideBySide(&engine, &optimizer, input: input, labels: labels, steps: 2)
    }

    @Test("spike-count and cross-entropy losses (STBP conv) and TSSL-BP's PSC loss from labels: SGD steps as the engine's",
          arguments: ["spike-count", "cross-entropy", "psc"])
    func losses(_ loss: String) throws {
        let gradientCase = try TorchGradientCaseTests.load(loss == "psc" ? "tssl-code-conv-pad1" : "stbp-h2-conv-pad1")
        var config = gradientCase.config
        config.loss = switch loss {
        case "spike-count": .spikeCount(target: 3, other: 0)
        case "cross-entropy": .crossEntropy(scale: 5)
        default: .psc(target: 3, other: 1, tauS: config.neuron.model.synapticTau!)
        }
        var engine = try Network(config)
        try engine.load(try gradientCase.network().parameters)
        let input = gradientCase.data.input
        let labels = (0..<input.shape[0]).map { $0 % engine.outputShape.reduce(1, *) }
        var optimizer = Optimizer(.sgd(momentum: 0.5), learningRate: 0.05)
        _ = try Self.sideBySide(&engine, &optimizer, input: input, labels: labels, steps: 2)
    }

    @Test("dropout draws the engine's masks (per pass, shared over time): three SGD steps as the engine's")
    func dropout() throws {
        let config = NetworkConfig(spec: "72-40-DP0.4-30-DP0.3-10", inputShape: [2, 6, 6], neuron: .lif(LIF(decay: 0.5, threshold: 0.3)),
                                   rule: .stbp(STBP(surrogate: .rectangular(width: 1))), loss: .rateMSE, initGain: 2, seed: 5)
        var engine = try Network(config)
        let input = Tensor(shape: [4, 5, 2, 6, 6], data: (0..<4 * 5 * 72).map { Float(($0 * 7919) % 11 < 4 ? 1 : 0) })
        let labels = [2, 7, 1, 8]
        var optimizer = Optimizer(.sgd(momentum: 0.9), learningRate: 0.2)
        let (torch, _) = try Self.sideBySide(&engine, &optimizer, input: input, labels: labels, steps: 3)
        // Evaluation is the identity on both: the same outputs.
        let (engineOutput, _) = try engine.forward(input, training: false)
        #expect(try torch.network.run(input).output?.data == engineOutput.data)
    }

    /// SGD, not Adam: a conv bias before BN has a zero gradient up to rounding, which Adam's m/√v turns into ±lr
    /// steps of either sign (on the engine as on torch), so Adam would compare rounding noise.
    @Test("Conv-BN-LIF blocks with pools (BPSA's layout, trained by STBP): two SGD steps as the engine's, running statistics too")
    func batchNorm() throws {
        let config = NetworkConfig(spec: "6C3-MP2-8C3-AP2-10", inputShape: [2, 12, 12], neuron: .lif(LIF(decay: 0.5, threshold: 0.4)),
                                   rule: .stbp(STBP(surrogate: .triangular(a: 1))), loss: .rateMSE,
                                   lossOptions: LossOptions(reduction: .sum, halve: false), batchNorm: true, samePadding: true,
                                   seed: 11)
        var engine = try Network(config)
        let input = Tensor(shape: [4, 5, 2, 12, 12], data: (0..<4 * 5 * 288).map { Float(($0 * 7919) % 13 < 4 ? 1 : 0) })
        let labels = [3, 1, 4, 1]
        var engineOptimizer = Optimizer(.sgd(momentum: 0.9), learningRate: 0.05)
        var (torch, torchOptimizer) = try Self.sideBySide(&engine, &engineOptimizer, input: input, labels: labels, steps: 2,
                                                          parameters: false)
        #expect(torch.network.parameterNames.contains("layer0.bn.running_var"))
        #expect(engine.firingRates.allSatisfy { $0 > 0 }, "\(engine.firingRates)")
        var copied = engine
        try torch.synchronize(&copied, &torchOptimizer)
        for (p, q) in zip(copied.parameters, engine.parameters) {
            let error = zip(p.value, q.value).map { abs($0 - $1) }.max() ?? .infinity
            #expect(error <= 1e-4 * (q.value.map(abs).max() ?? 0), "\(p.name): differs by \(error)")
        }
        #expect(torchOptimizer.moments(of: "layer0.bn.running_mean").first == nil)
        #expect(try copied.predict(input) == engine.predict(input))
    }

    @Test("a torch-trained network, copied back, predicts on the CPU engine what it predicts on torch")
    func checkpointToEngine() throws {
        var (engine, input, labels) = try Self.setUp()
        var optimizer = Optimizer(.adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8), learningRate: 0.01)
        let torch = try TorchTrainer(engine, optimizer: optimizer, device: "cpu")
        for _ in 0..<5 { _ = try torch.trainStep(input, labels: labels, optimizer: &optimizer) }
        let before = engine.parameters
        try torch.synchronize(&engine, &optimizer)
        #expect(zip(before, engine.parameters).contains { $0.value != $1.value }, "the weights did not change")
        let steps = input.shape[1], batch = input.shape[0]
        let torchOutput = try #require(try torch.network.run(input).output)
        let (engineOutput, _) = try engine.forward(input, training: false)
        #expect(engineOutput.data == torchOutput.data, "output spikes differ")
        #expect(engineOutput.data.reduce(0, +) > 0)
        #expect(try engine.predict(input) == predictions(torchOutput, batch: batch, timeSteps: steps))
    }

    /// Convolutions are left out: libtorch's C++ has no meta kernel for them (PyTorch registers those in Python).
    @Test("a whole training step on the meta device (pools, dense, LIF + STBP, loss, Adam): no tensor elsewhere")
    func metaDevice() throws {
        let config = NetworkConfig(spec: "MP2-AP2-24-10", inputShape: [2, 8, 8], neuron: .lif(LIF()),
                                   rule: .stbp(STBP(surrogate: .sigmoid(a: 0.5))), loss: .rateMSE)
        let engine = try Network(config)
        let input = Tensor(shape: [3, 4, 2, 8, 8], data: (0..<3 * 4 * 128).map { Float($0 % 7 == 0 ? 1 : 0) })
        let labels = [0, 4, 9]
        var optimizer = Optimizer(.adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8), learningRate: 0.01, weightClip: 1)
        let meta = try TorchNetwork(engine, device: "meta")
        try meta.configure(optimizer)
        let classes = engine.outputShape.reduce(1, *)
        var desired = Tensor(zeros: [labels.count, classes])
        for (b, label) in labels.enumerated() { desired.data[b * classes + label] = 1 }
        _ = try meta.run(input, desired: desired, update: optimizer.advanceStep(), readOutput: false)
        _ = try meta.run(input, readOutput: false)
        #expect(throws: TorchError.self) { _ = try meta.run(input) }  // meta tensors hold no values to read
    }
}
#endif
