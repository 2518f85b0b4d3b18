import ArgumentParser
import Foundation
import SpikeDatasets
import SpikeEvents
import SpikeNet
import SpikePipeline
import SpikeTransforms

/// `bench snn`: training and inference speed and peak memory of the engine on reference networks with random
/// spike input (the small MLP and CNN, and BPSA's large Conv-BN-LIF network on 128×128 DVS frames), or
/// (`--learn RULE`) a full train/test run on the embedded synthetic digits.
struct BenchSNN: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snn",
        abstract: "Time SNN training/inference (MLP 2312-400-400-10 T16 B64, CNN 12C5-P2-64C5-P2-10 B32, BPSA's large "
            + "Conv-BN-LIF network on 2×128×128 T16 B16) or train a rule on synthetic digits (--learn stbp|bpsa|tssl|mt).")

    @Option(help: "Train this rule on synthetic digits instead of timing: stbp, bpsa, tssl or mt.") var learn: String?
    @Option(help: "Timed batches per measurement.") var batches = 5
    @Option(help: "Input density of the random spike frames (default: 0.08, bpsa-large 0.05 as its PyTorch anchor).")
    var density: Float?
    @Option(help: "Which reference networks to time: mlp, cnn, both (mlp and cnn) or bpsa-large.") var network = "both"
    @Option(help: "Samples per batch (default: the network's).") var batch: Int?
    @Option(help: "Time steps per sample (default: the network's).") var timeSteps: Int?
    @Option(help: "(--learn) training samples per digit.") var trainPerClass = 100
    @Option(help: "(--learn) test samples per digit.") var testPerClass = 20
    @Option(help: "(--learn) epochs.") var epochs = 8
    @Option(help: "(--learn) time bins per sample (default: the rule's).") var timeBins: Int?
    @Option(help: "(--learn) network spec (default: the rule's).") var spec: String?
    @Option(help: "Seed for weights, data and shuffling.") var seed: UInt64 = 1
    @Option(help: "Training memory: keep (every activation kept for the backward pass), recompute (Conv-spiking blocks redone in the backward pass: far less memory, one more convolution) or auto (recompute only when keeping does not fit).")
    var memory: TrainingMemoryMode = .auto
    @OptionGroup var engine: EngineThreadsOption
    @OptionGroup var device: EngineDeviceOption
    @Option(help: "(--device torch-cpu|cuda) How each timed batch reaches the device: staged (uint8 counts written once into the backend's host buffer, page-locked on CUDA, converted on the device; what train does) or float (the float [B, T, C, H, W] tensor the CPU engine takes, made time-major on the host).")
    var input: BenchInputPath = .staged

    enum BenchInputPath: String, ExpressibleByArgument, CaseIterable { case staged, float }

    func validate() throws {
        if learn != nil && device.torchDevice != nil { throw ValidationError("--learn runs on the SNN engine only (--device cpu)") }
    }

    func run() throws {
        engine.apply()
        let makeBackend = try device.backend(threads: engine.threads)
        let precision = try device.chosenPrecision(on: device.chosen())
        if let learn {
            try LearnDemo(rule: learn, spec: spec, timeBins: timeBins, epochs: epochs, trainPerClass: trainPerClass,
                          testPerClass: testPerClass, seed: seed).run()
            return
        }
        for reference in BenchNetwork.all where network == reference.name || (network == "both" && reference.name != "bpsa-large") {
            let (steps, batch) = (timeSteps ?? reference.steps, batch ?? reference.batch)
            var net = try Network(reference.config(seed: seed))
            var rng = NetRandom(seed: seed)
            let density = density ?? reference.density  // read the option once, not once per value
            let size = reference.input.reduce(1, *)
            let input = Tensor(shape: [batch, steps] + reference.input, data: (0..<(batch * steps * size)).map { _ in
                rng.uniform(0, 1) < density ? 1 : 0
            })
            let labels = (0..<batch).map { $0 % 10 }
            net.recomputesBlocks = memory.recomputes(
                keeping: net.trainingMemory(timeSteps: steps).bytes(batch: batch),
                recomputing: net.trainingMemory(timeSteps: steps, recomputingBlocks: true).bytes(batch: batch),
                budget: SystemMemory.availableBytes())
            let estimate = net.trainingMemory(timeSteps: steps, recomputingBlocks: net.recomputesBlocks).bytes(batch: batch)
            var optimizer = Optimizer(.adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8), learningRate: 1e-3)
            // Training steps and inference on the --device backend when one is chosen.
            let backend = try makeBackend?(net, optimizer)
            // The staged path takes the spikes as a cache stores them: uint8 frames per sample, staged in each step.
            let staged = self.input == .staged ? backend as? any StagedTrainingBackend : nil
            let frames = staged == nil ? [] : (0..<batch).map { b in
                FrameTensor(shape: FrameShape(timeSteps: steps, channels: reference.input[0], height: reference.input[1],
                                              width: reference.input[2]),
                            storage: .uint8(input.data[(b * steps * size)..<((b + 1) * steps * size)].map { UInt8($0) }))
            }
            func step() throws {
                if let staged {
                    let batch = try staged.staging.stage(frames, timeSteps: steps, binary: true)
                    _ = try staged.trainStep(staged: batch, labels: labels, optimizer: &optimizer)
                    return
                }
                _ = try backend?.trainStep(input, labels: labels, optimizer: &optimizer)
                    ?? net.trainStep(input, labels: labels, optimizer: &optimizer)
            }
            try step()
            let train = try medianSeconds(repeat: batches) { try step() }
            var fields = try device.peakDeviceMemory()
            fields["train_samples_per_s"] = Double(batch) / train
            // Inference on the same backend as training (the device's copy itself).
            let inference = backend as? any InferenceBackend
            func infer() throws {
                if let inference { _ = try inference.infer(input) } else { _ = try net.predict(input) }
            }
            try infer()
            fields["infer_samples_per_s"] = Double(batch) / (try medianSeconds(repeat: batches) { try infer() })
            report(fields.merging(["batch": Double(batch), "time_steps": Double(steps), "peak_rss_mb": peakResidentMB(),
                                   "estimated_train_mb": Double(estimate) / 1_048_576, "threads": Double(EngineThreads.count),
                                   "recomputed_blocks": net.recomputesBlocks ? 1 : 0]) { $1 },
                   name: "snn-\(reference.name)" + (backend == nil ? "" : "-\(device.chosen())")
                       + (staged == nil ? "" : "-staged") + (precision == .fp32 ? "" : "-\(precision)"),
                   text: ["blas_core": EngineSetup.blasCore])
        }
    }
}

/// A reference network of `bench snn`.
struct BenchNetwork {
    let name: String
    let spec: String
    let input: [Int]
    let steps: Int
    let batch: Int
    let density: Float
    let neuron: Neuron
    let rule: LearningRule
    let batchNorm: Bool

    func config(seed: UInt64) -> NetworkConfig {
        NetworkConfig(spec: spec, inputShape: input, neuron: neuron, rule: rule, loss: .rateMSE, batchNorm: batchNorm,
                      samePadding: batchNorm, seed: seed)
    }

    static let all = [
        BenchNetwork(name: "mlp", spec: "2312-400-400-10", input: [2, 34, 34], steps: 16, batch: 64, density: 0.08,
                     neuron: .lif(LIF()), rule: .stbp(STBP()), batchNorm: false),
        BenchNetwork(name: "cnn", spec: "12C5-P2-64C5-P2-10", input: [2, 34, 34], steps: 16, batch: 32, density: 0.08,
                     neuron: .lif(LIF()), rule: .stbp(STBP()), batchNorm: false),
        // pipelines/bpsa-dvsgesture.yaml's network with ../shared/bench/torch_bpsa_large.py's 10 classes.
        BenchNetwork(name: "bpsa-large", spec: "128C3-128C3-MP2-128C3-MP2-256C3-MP2-512C3-MP2-1024C3-AP4-DP-1024-10V10",
                     input: [2, 128, 128], steps: 16, batch: 16, density: 0.05,
                     neuron: .lif(LIF(decay: 0.9, threshold: 0.5)), rule: .bpsa(BPSA(alpha: 0.2)), batchNorm: true),
    ]
}

/// Peak resident memory of this process (VmHWM), in MiB; 0 where /proc is unavailable.
func peakResidentMB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kb = Double(line.split(whereSeparator: \.isWhitespace).dropFirst().first ?? "") else { return 0 }
    return kb / 1024
}

/// Trains one rule on the embedded synthetic N-MNIST digits and reports test accuracy per epoch.
struct LearnDemo {
    let rule: String
    let spec: String?
    let timeBins: Int?
    let epochs: Int
    let trainPerClass: Int
    let testPerClass: Int
    let seed: UInt64

    /// Per rule: network config, time bins and optimizer, following each paper where the synthetic set allows.
    func setup() throws -> (NetworkConfig, Int, Optimizer) {
        let adam = OptimizerKind.adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8)
        let input = [2, 34, 34]
        switch rule {
        case "stbp":
            return (NetworkConfig(spec: spec ?? "2312-400-10", inputShape: input, neuron: .lif(LIF()),
                                  rule: .stbp(STBP()), loss: .rateMSE, seed: seed), timeBins ?? 8,
                    Optimizer(adam, learningRate: 1e-3))
        case "bpsa":
            return (NetworkConfig(spec: spec ?? "2312-400-10V10", inputShape: input,
                                  neuron: .lif(LIF(decay: 0.9, threshold: 0.5)), rule: .bpsa(BPSA(alpha: 0.2, warmUp: true)),
                                  loss: .rateMSE, lossOptions: LossOptions(halve: false), seed: seed), timeBins ?? 8,
                    Optimizer(.adamW(beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 1e-4), learningRate: 1e-3,
                              schedule: Schedule(.warmRestarts(period: 200, multiplier: 2, minimum: 0))))
        case "tssl":
            let steps = timeBins ?? 8
            return (NetworkConfig(spec: spec ?? "2312-400-10", inputShape: input, neuron: .synapticLIF(SynapticLIF()),
                                  rule: .tssl(TSSLBP(clampTimeDerivative: true)),
                                  loss: .psc(target: steps * 3 / 4, other: 1, tauS: 3), initGain: 4, seed: seed), steps,
                    Optimizer(adam, learningRate: 5e-4, weightClip: 4, gradNormClip: 1))
        case "mt":
            // Table I of the paper (τm 10, Vth 10, S_max 15, f2 with α_H 1, α_W 20, Adam at the MNIST rate 5e-3);
            // the gain brings the ±1/√fan-in weights to about the spread of Eq. 17 (σ 0.5).
            return (NetworkConfig(spec: spec ?? "2312-400-10", inputShape: input,
                                  neuron: .multiThreshold(MultiThresholdLIF()), rule: .multiThreshold(MultiThresholdRule()),
                                  loss: .perStepMSE(target: 4, other: 0), initGain: 20, seed: seed), timeBins ?? 2,
                    Optimizer(adam, learningRate: 5e-3))
        default:
            throw ValidationError("--learn must be stbp, bpsa, tssl or mt, not \(rule)")
        }
    }

    func run() throws {
        let (config, steps, initial) = try setup()
        var optimizer = initial
        let start = ContinuousClock.now
        let train = try samples(.train, perClass: trainPerClass, steps: steps)
        let test = try samples(.test, perClass: testPerClass, steps: steps)
        let prep = (ContinuousClock.now - start).seconds
        FileHandle.standardError.write(Data("rule \(rule): \(config.spec), T=\(steps), \(train.count) train / \(test.count) test samples (built in \(String(format: "%.1f", prep)) s)\n".utf8))
        var net = try Network(config)
        var rng = NetRandom(seed: seed)
        let batch = 32
        var best: Float = 0
        for epoch in 1...max(1, epochs) {
            var order = Array(train.indices)
            order.shuffle(using: &rng)
            var correct = 0, lossSum: Float = 0
            for first in stride(from: 0, to: order.count, by: batch) {
                let idx = Array(order[first..<min(first + batch, order.count)])
                let r = try net.trainStep(stack(idx.map { train[$0].0 }, steps: steps), labels: idx.map { train[$0].1 },
                                          optimizer: &optimizer)
                correct += r.correct
                lossSum += r.loss * Float(idx.count)
            }
            var testCorrect = 0
            for first in stride(from: 0, to: test.count, by: 100) {
                let part = test[first..<min(first + 100, test.count)]
                testCorrect += try net.evaluate(stack(part.map(\.0), steps: steps), labels: part.map(\.1)).correct
            }
            let acc = Float(testCorrect) / Float(test.count)
            best = max(best, acc)
            let rates = net.firingRates
            let meanRate = Double(rates.reduce(0, +)) / Double(max(rates.count, 1))
            let fields: [String: Double] = [
                "epoch": Double(epoch), "train_loss": Double(lossSum) / Double(train.count),
                "train_acc": Double(correct) / Double(train.count), "test_acc": Double(acc),
                "seconds": (ContinuousClock.now - start).seconds, "firing_rate": meanRate,
            ]
            report(fields, name: "learn-\(rule)")
        }
        report(["best_test_acc": Double(best), "seconds": (ContinuousClock.now - start).seconds], name: "learn-\(rule)-done")
    }

    /// Synthetic digits binned into `steps` frames, counts clipped to 1 (binary spikes).
    func samples(_ split: Split, perClass: Int, steps: Int) throws -> [([Float], Int)] {
        let binning = FrameBinning(.nTimeBins(steps))
        var out: [([Float], Int)] = []
        for digit in 0..<10 {
            for index in 0..<perClass {
                let events = SyntheticNMNIST.events(digit: digit, split: split, index: index, seed: seed)
                let frames = try binning.frames(events, sensor: .nmnist)
                out.append(((0..<frames.shape.elementCount).map { min(Float(frames.storage[$0]), 1) }, digit))
            }
        }
        return out
    }

    func stack(_ parts: [[Float]], steps: Int) -> Tensor {
        Tensor(shape: [parts.count, steps, 2, 34, 34], data: parts.flatMap { $0 })
    }
}
