import Foundation
import SpikeAudio
import SpikeModel
import SpikeNet
import SpikeTestSupport
@testable import SpikeTraining
import Testing

@Suite("Pipeline YAML")
struct PipelineConfigTests {
    /// Every top-level key and every section key that fits one kind.
    static let full = """
        name: full
        dataset:
          name: cifar10dvs
          root: data/cifar
          train_ratio: 0.8
          split_seed: 4
          orientation: spikingjelly
        transforms: ["denoise:filterTime=10000"]
        augment: []
        binning:
          event_bins: 10
          overlap: 0.25
          merge_polarities: true
          dtype: uint16
          compat: native
        cache:
          path: caches/c.h5
          level: 5
          workers: 2
          on_error: skip
          readers: 3
          prefetch: 4
        network:
          spec: 12C5-P2-64C5-P2-10V10
          batch_norm: true
          init_gain: 2.5
          input: counts
        neuron:
          kind: lif
          decay: 0.9
          threshold: 0.5
          reset: zero
        rule:
          kind: bpsa
          alpha: 0.2
        loss: rate_mse
        optimizer:
          kind: adamw
          lr: 0.002
          beta1: 0.8
          beta2: 0.99
          epsilon: 1.0e-6
          weight_decay: 0.0001
          weight_clip: 4
          grad_norm_clip: 1
        schedule:
          kind: warm_restarts
          warmup_epochs: 5
          period_epochs: 10
          multiplier: 2
          min_lr: 0.00001
        epochs: 40
        batch_size: 16
        device: cuda:1
        seed: 9
        evaluate: validation
        checkpoint: out/m.h5
        log: out/log.jsonl
        """

    @Test("every key reaches its field and the engine objects")
    func everyKey() throws {
        let c = try PipelineConfig.parse(yaml: Self.full)
        #expect(c.name == "full" && c.epochs == 40 && c.batchSize == 16 && c.seed == 9 && c.evaluate == .validation)
        #expect(c.dataset.name == .cifar10dvs && c.dataset.root == "data/cifar" && c.dataset.trainRatio == 0.8)
        #expect(c.dataset.splitSeed == 4 && c.dataset.orientation == .spikingjelly)
        #expect(c.transforms == ["denoise:filterTime=10000"] && c.augment.isEmpty)
        let b = c.binning.frameBinning
        #expect(b.slicing == .nEventBins(10) && b.overlap == 0.25 && b.mergePolarities && b.dtype == .uint16)
        #expect(c.binning.shortName == "E10")
        #expect(c.cache.path == "caches/c.h5" && c.cachePath == "caches/c.h5" && c.cache.level == 5)
        #expect(c.cache.workers == 2 && c.cache.onError == .skip && c.cache.readers == 3 && c.cache.prefetch == 4)
        let net = c.networkConfig(inputShape: [2, 128, 128])
        #expect(net.spec == "12C5-P2-64C5-P2-10V10" && net.batchNorm && net.initGain == 2.5 && net.seed == 9)
        #expect(c.network.input == .counts)
        #expect(net.neuron == .lif(LIF(decay: 0.9, threshold: 0.5, reset: .zero)))
        #expect(net.rule == .bpsa(BPSA(alpha: 0.2)))
        #expect(net.loss == .rateMSE)
        // 100 steps per epoch: 5 warm-up epochs = 500 steps, first cycle 10 epochs = 1000 steps.
        let optimizer = c.optimizer.optimizer(schedule: c.schedule.schedule(epochs: c.epochs, stepsPerEpoch: 100))
        #expect(optimizer.kind == .adamW(beta1: 0.8, beta2: 0.99, epsilon: 1e-6, weightDecay: 1e-4))
        #expect(optimizer.learningRate == 0.002 && optimizer.weightClip == 4 && optimizer.gradNormClip == 1)
        #expect(optimizer.schedule == Schedule(.warmRestarts(period: 1000, multiplier: 2, minimum: 1e-5), warmUpSteps: 500))
        #expect(c.device == ComputeDevice("cuda:1") && c.device?.torchName == "cuda:1")
        #expect(c.outputPaths() == ("out/m.h5", "out/log.jsonl"))
        #expect(c.outputPaths(outDir: "elsewhere") == ("elsewhere/model.h5", "elsewhere/log.jsonl"))
    }

    @Test("the other neurons, rules and losses map to the engine with paper defaults for omitted keys")
    func otherKinds() throws {
        let tssl = try PipelineConfig.parse(yaml: """
            name: t
            dataset: {name: nmnist}
            network: {spec: 2312-800-10}
            neuron: {kind: synaptic_lif, tau_m: 8, tau_s: 4, reset: zero}
            rule: {kind: tssl, clamp_time_derivative: true}
            loss: {kind: psc, target: 15, other: 3}
            optimizer: {kind: sgd, lr: 0.1, momentum: 0.5}
            schedule: {kind: cosine, warmup_epochs: 1}
            epochs: 11
            """)
        let net = tssl.networkConfig(inputShape: [2, 34, 34])
        #expect(net.neuron == .synapticLIF(SynapticLIF(tauM: 8, tauS: 4, threshold: 1, reset: .zero)))
        #expect(net.rule == .tssl(TSSLBP(clampTimeDerivative: true, warmUp: .perElement, warmUpWidth: 0.2)))
        #expect(net.loss == .psc(target: 15, other: 3, tauS: 4))  // τs from the neuron
        let sgd = tssl.optimizer.optimizer(schedule: tssl.schedule.schedule(epochs: tssl.epochs, stepsPerEpoch: 10))
        #expect(sgd.kind == .sgd(momentum: 0.5))
        #expect(sgd.schedule == Schedule(.cosine(steps: 100, minimum: 0), warmUpSteps: 10))
        #expect(tssl.cachePath == "data/nmnist.T16.h5" && tssl.binning.frameBinning.slicing == .nTimeBins(16))

        let mt = try PipelineConfig.parse(yaml: """
            name: m
            dataset: {name: synthetic-nmnist, train_per_class: 3, test_per_class: 2, generator_seed: 7}
            network: {spec: 2312-400-10}
            neuron: {kind: multi_threshold, tau_m: 10, threshold: 1, max_spikes: 15}
            rule: {kind: multi_threshold, curve: f3, alpha_h: 1, alpha_w: 0.5}
            loss: {kind: per_step_mse, target: 2, other: 0}
            """)
        let m = mt.networkConfig(inputShape: [2, 34, 34])
        #expect(m.neuron == .multiThreshold(MultiThresholdLIF(tauM: 10, threshold: 1, maxSpikes: 15)))
        #expect(m.rule == .multiThreshold(MultiThresholdRule(curve: .f3, alphaH: 1, alphaW: 0.5)))
        #expect(m.loss == .perStepMSE(target: 2, other: 0))
        #expect(mt.dataset.syntheticConfiguration.trainPerClass == 3 && mt.dataset.syntheticConfiguration.seed == 7)

        let stbp = try PipelineConfig.parse(yaml: """
            name: s
            dataset: {name: nmnist}
            network: {spec: 2312-10}
            rule: {kind: stbp, surrogate: h4, width: 0.3, detach_reset: true}
            loss: {kind: cross_entropy, scale: 5}
            """)
        let s = stbp.networkConfig(inputShape: [2, 34, 34])
        #expect(s.rule == .stbp(STBP(surrogate: .gaussian(variance: 0.3), detachReset: true)))
        #expect(s.loss == .crossEntropy(scale: 5) && s.neuron == .lif(LIF()))

        let speech = try PipelineConfig.parse(yaml: """
            name: k
            dataset: {name: speechcommands, task: 35, rebalance: true, split_seed: 2}
            network: {spec: 10}
            """)
        #expect(speech.dataset.task == .words35 && speech.dataset.rebalance == true && speech.dataset.splitSeed == 2)
        #expect(speech.dataset.root == "data/speechcommands")

        let spikes = try PipelineConfig.parse(yaml: """
            name: k
            dataset: {name: speechcommands, noise_floor_db: 45, absolute_floor_db: -60, spike_encoding: cumulative-delta,
                      threshold_db: 4, channel_thresholds_db: [2, 3], max_events_per_frame: 0, mel_max_hz: 8000}
            network: {spec: 10}
            """)
        #expect(spikes.dataset.noiseFloorDB == 45 && spikes.dataset.absoluteFloorDB == -60)
        #expect(spikes.dataset.spikeEncoding == .cumulativeDelta && spikes.dataset.thresholdDB == 4)
        #expect(spikes.dataset.channelThresholdsDB == [2, 3] && spikes.dataset.maxEventsPerFrame == 0)
        #expect(spikes.dataset.melMaxHz == 8000)
        #expect(throws: PipelineConfigError.self) {
            try PipelineConfig.parse(yaml: "name: k\ndataset: {name: speechcommands, mel_max_hz: 11025}\nnetwork: {spec: 10}")
        }
        #expect(throws: PipelineConfigError.badValue(key: "dataset.spike_encoding", value: "rate",
                                                     allowed: "one of delta, cumulative-delta")) {
            try PipelineConfig.parse(yaml: "name: k\ndataset: {name: speechcommands, spike_encoding: rate}\nnetwork: {spec: 10}")
        }
        #expect(throws: PipelineConfigError.self) {
            try PipelineConfig.parse(yaml: "name: k\ndataset: {name: nmnist, noise_floor_db: 40}\nnetwork: {spec: 10}")
        }
    }

    @Test("rule and loss options of the papers and their code reach the engine; older YAML still reads")
    func paperAndCodeOptions() throws {
        let tssl = try PipelineConfig.parse(yaml: Self.minimal + """
            neuron: {kind: synaptic_lif}
            rule: {kind: tssl, leak: true, warm_up: layer_rate, warm_up_rate: 0.1}
            loss: {kind: psc, target: 3, other: 1, reduction: sum}
            """)
        let net = tssl.networkConfig(inputShape: [2, 34, 34])
        #expect(net.rule == .tssl(TSSLBP(leak: true, warmUp: .layerRate, warmUpRate: 0.1)))
        #expect(net.lossOptions == LossOptions(reduction: .sum))
        #expect(try PipelineConfig.fromJSON(tssl.json()) == tssl)
        let legacy = try PipelineConfig.parse(yaml: Self.minimal + "neuron: {kind: synaptic_lif}\nrule: {kind: tssl, warm_up: false}\n")
        #expect(legacy.networkConfig(inputShape: [2, 34, 34]).rule == .tssl(TSSLBP(warmUp: .none)))

        let bpsa = try PipelineConfig.parse(yaml: Self.minimal + "rule: {kind: bpsa}\nloss: {kind: rate_mse, halve: false, class_mean: true}\n")
        #expect(bpsa.networkConfig(inputShape: [2, 34, 34]).lossOptions == LossOptions(halve: false, classMean: true))
        let mt = try PipelineConfig.parse(yaml: Self.minimal + """
            neuron: {kind: multi_threshold}
            rule: {kind: multi_threshold, training: bptt_detached_reset}
            loss: {kind: per_step_mse, target: 2, other: 0}
            """)
        #expect(mt.networkConfig(inputShape: [2, 34, 34]).rule == .multiThreshold(MultiThresholdRule(training: .bpttDetachedReset)))
        #expect(throws: PipelineConfigError.self) {
            try PipelineConfig.parse(yaml: Self.minimal + "loss: {kind: cross_entropy, halve: false}\n")
        }
    }

    @Test("compat: tonic drops the partial last window by default, as tonic's ToFrame does; native keeps it")
    func tonicDropsIncompleteWindows() throws {
        func drops(_ yaml: String) throws -> Bool {
            try PipelineConfig.parse(yaml: Self.minimal + "binning: {\(yaml)}\n").binning.frameBinning.dropIncomplete
        }
        #expect(try drops("time_window: 1000, compat: tonic"))
        #expect(try drops("event_count: 500, compat: tonic"))
        #expect(try !drops("time_window: 1000"))
        #expect(try !drops("time_bins: 8, compat: tonic"))
        #expect(try !drops("time_window: 1000, compat: tonic, drop_incomplete: false"))
    }

    @Test("JSON (the checkpoint's config attribute) round-trips to the same config")
    func jsonRoundTrip() throws {
        let c = try PipelineConfig.parse(yaml: Self.full)
        #expect(try PipelineConfig.fromJSON(c.json()) == c)
    }

    @Test("the committed demo pipelines load; the augmenting one is the demo plus augment: and its own cache")
    func demoPipeline() throws {
        let c = try PipelineConfig.load(path: RepoPaths.root + "/pipelines/synthetic-stbp.yaml")
        #expect(c.dataset.name == .syntheticNMNIST && c.network.spec == "2312-400-10")
        #expect(c.networkConfig(inputShape: [2, 34, 34]).rule == .stbp(STBP()))
        #expect(c.cachePath == "data/synthetic-nmnist.w38000us.h5" && !c.storesEvents)

        var augmented = try PipelineConfig.load(path: RepoPaths.root + "/pipelines/synthetic-stbp-augment.yaml")
        #expect(augmented.augment == ["spatialJitter:varX=0.5,varY=0.5", "dropEvent:p=0.1"])
        #expect(augmented.storesEvents && augmented.cachePath == "data/synthetic-nmnist.w38000us.events.h5")
        augmented.name = c.name
        augmented.augment = []
        #expect(augmented == c)
    }

    static let minimal = "name: x\ndataset: {name: nmnist}\nnetwork: {spec: 2312-10}\n"

    /// (YAML appended to or replacing the minimal one, the error expected)
    static let mistakes: [(String, PipelineConfigError)] = [
        (minimal + "epoch: 3\n", .unknownKey(key: "epoch", allowed: PipelineConfig.CodingKeys.allCases.map(\.rawValue))),
        (minimal + "optimizer: {learning_rate: 0.1}\n",
         .unknownKey(key: "optimizer.learning_rate", allowed: OptimizerSection.CodingKeys.allCases.map(\.rawValue))),
        (minimal + "rule: {kind: stbp, alpha: 0.2}\n",
         .unknownKey(key: "rule.alpha (with kind: stbp)", allowed: ["kind", "surrogate", "width", "detach_reset"])),
        (minimal + "rule: {surrogate: h5}\n", .badValue(key: "rule.surrogate", value: "h5", allowed: "one of h1, h2, h3, h4")),
        (minimal + "optimizer: {lr: -1}\n", .badValue(key: "optimizer.lr", value: "-1.0", allowed: "a number > 0")),
        (minimal + "neuron: {kind: lif, reset: soft}\n",
         .badValue(key: "neuron.reset", value: "soft", allowed: "one of zero, subtract")),
        (minimal + "batch_size: many\n", .badType(key: "batch_size", expected: "a number ≥ 1")),
        (minimal + "device: gpu\n", .badValue(key: "device", value: "gpu", allowed: "cpu, torch-cpu, cuda or cuda:N")),
        (minimal + "evaluate: train\n", .badValue(key: "evaluate", value: "train", allowed: "one of test, validation")),
        (minimal + "schedule: {kind: warm_restarts}\n", .missingKey(key: "schedule.period_epochs")),
        (minimal + "loss: {kind: psc, target: 4}\n", .missingKey(key: "loss.other")),
        ("name: x\ndataset: {name: mnist}\nnetwork: {spec: 2312-10}\n",
         .badValue(key: "dataset.name", value: "mnist",
                   allowed: "one of nmnist, dvsgesture, cifar10dvs, speechcommands, ncaltech101, ncars, shd, ssc, synthetic-nmnist")),
        ("name: x\ndataset: {name: nmnist}\n", .missingKey(key: "network")),
        // The keys a dataset takes come from its descriptor's settings: N-CARS has an official split.
        ("name: x\ndataset: {name: ncars, train_ratio: 0.8}\nnetwork: {spec: 2312-10}\n",
         .unknownKey(key: "dataset.train_ratio (with name: ncars)", allowed: ["name", "root"])),
        ("name: x\ndataset: {name: ncaltech101, task: '12'}\nnetwork: {spec: 2312-10}\n",
         .unknownKey(key: "dataset.task (with name: ncaltech101)", allowed: ["name", "root", "train_ratio", "split_seed"])),
    ]

    @Test("typos and bad values are errors that name the key path and what is allowed", arguments: mistakes.indices)
    func mistake(index: Int) {
        let (yaml, expected) = Self.mistakes[index]
        #expect(throws: expected) { try PipelineConfig.parse(yaml: yaml) }
    }

    @Test("semantic checks: one slicing, rule fits neuron, transforms and augmentations parse")
    func semanticChecks() {
        func reason(_ extra: String) -> String {
            do {
                _ = try PipelineConfig.parse(yaml: Self.minimal + extra)
                return "no error"
            } catch {
                return error.description
            }
        }
        #expect(reason("binning: {time_bins: 8, event_count: 100}\n").contains("choose one of"))
        #expect(reason("binning: {time_bins: 0}\n").hasPrefix("'binning':"))
        #expect(reason("rule: {kind: tssl}\n").contains("tssl cannot train lif neurons"))
        #expect(reason("transforms: [\"randomFlip:axis=lr\"]\n").hasPrefix("'transforms':"))
        #expect(reason("augment: [\"nosuch:x=1\"]\n").hasPrefix("'augment':"))
        func reason(dataset: String, network: String) -> String {
            do {
                _ = try PipelineConfig.parse(yaml: "name: x\ndataset: \(dataset)\nnetwork: \(network)\n")
                return "no error"
            } catch {
                return error.description
            }
        }
        #expect(reason(dataset: "{name: nmnist}", network: "{spec: 12Q5-10}").hasPrefix("'network.spec':"))
        #expect(reason(dataset: "{name: nmnist, train_ratio: 0.5}", network: "{spec: 2312-10}")
            .contains("'dataset.train_ratio (with name: nmnist)'"))
        #expect(reason(dataset: "{name: nmnist}", network: "[1, 2]") == "'network' must be a mapping of keys.")
    }
}
