import Foundation
import SpikeDatasets
import SpikeModel
import SpikeNet
import SpikePreprocess
import SpikeTestSupport
@testable import SpikeTraining
import Testing

@Suite("Trainer on a tiny synthetic set")
struct TrainerTests {
    /// 4 train / 2 test digits per class (60 samples), T = 4, a 30-neuron hidden layer; dataset and cache are
    /// built in a fresh folder (the cache stores events when `augment` is not empty).
    static func pipeline(augment: [String] = [], spec: String = "2312-30-10") async throws -> (PipelineConfig, folder: String) {
        let folder = try RepoPaths.temporaryDirectory("trainer")
        var config = try PipelineConfig.parse(yaml: """
            name: tiny
            dataset: {name: synthetic-nmnist, root: \(folder)/digits, train_per_class: 4, test_per_class: 2}
            binning: {time_bins: 4}
            network: {spec: \(spec)}
            optimizer: {kind: adam, lr: 0.005}
            epochs: 2
            batch_size: 8
            seed: 3
            """)
        config.augment = augment
        #expect(try await config.dataset.prepareSynthetic())
        #expect(try await config.dataset.prepareSynthetic() == false)  // same settings: reused
        let samples = try NMNISTCatalog(root: config.dataset.root).samples
        _ = try await Preprocessor.run(PreprocessRequest(
            datasetName: "nmnist", samples: samples, sensor: .nmnist, binning: config.binning.frameBinning,
            output: config.cachePath, workers: 2, createdBy: "tests", storeEvents: config.storesEvents))
        config.cache.readers = 2
        return (config, folder)
    }

    static func trainer(_ config: PipelineConfig, out: String) -> Trainer {
        let paths = config.outputPaths(outDir: out)
        return Trainer(config: config, cachePath: config.cachePath, checkpointPath: paths.checkpoint,
                       logPath: paths.log, createdBy: "tests", progressSink: { _, _ in })
    }

    static func bits(_ checkpoint: ModelCheckpoint) -> [String: [UInt32]] {
        Dictionary(uniqueKeysWithValues: checkpoint.parameters.map { ($0.name, $0.value.map(\.bitPattern)) })
    }

    @Test("2 epochs equal 1 epoch + resume 1 epoch: weights, moments, step and log (augmented, with dropout, or neither)",
          arguments: [([], "2312-30-10"), (["randomFlip:axis=lr,p=0.5"], "2312-30-10"), ([], "2312-30-DP0.4-10")])
    func resumeIsExact(augment: [String], spec: String) async throws {
        let (config, folder) = try await Self.pipeline(augment: augment, spec: spec)
        let straight = try await Self.trainer(config, out: folder + "/straight").run()

        var first = config
        first.epochs = 1
        let split = Self.trainer(first, out: folder + "/split")
        #expect(try await split.run().count == 1)
        var second = split
        second.config = config
        let resumed = try await second.run(resume: true)

        let a = try ModelCheckpoint.read(path: folder + "/straight/model.h5")
        let b = try ModelCheckpoint.read(path: folder + "/split/model.h5")
        #expect(a.epoch == 2 && b.epoch == 2)
        #expect(Self.bits(a) == Self.bits(b))
        #expect(a.optimizer == b.optimizer && a.optimizer.step == 2 * 5)  // 40 samples / batch 8 = 5 steps per epoch
        #expect(resumed.map(\.epoch) == [1, 2])
        #expect(try EpochRecord.readLog(path: folder + "/split/log.jsonl").map(\.epoch) == [1, 2])
        for (x, y) in zip(straight, resumed) {
            #expect(x.trainLoss == y.trainLoss && x.trainAccuracy == y.trainAccuracy)
            #expect(x.testLoss == y.testLoss && x.testAccuracy == y.testAccuracy)
        }
    }

    @Test("train writes the log and the checkpoint; infer reproduces the last test accuracy")
    func endToEnd() async throws {
        let (config, folder) = try await Self.pipeline()
        let log = try await Self.trainer(config, out: folder + "/run").run()
        #expect(log.count == 2)

        let lines = try String(contentsOfFile: folder + "/run/log.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(Set(object?.keys ?? [:].keys) == ["epoch", "train_loss", "train_accuracy", "test_loss",
                                                      "test_accuracy", "test_balanced_accuracy", "test_per_class_accuracy",
                                                      "samples_per_s", "learning_rate", "seconds"])
        }
        #expect(log.last?.learningRate == 0.005)
        #expect(log.last?.testPerClassAccuracy.count == 10)

        let report = try await InferenceReport.evaluate(modelPath: folder + "/run/model.h5", cachePath: config.cachePath)
        #expect(report.samples == 20 && report.confusion.total == 20)
        #expect(report.accuracy == log.last?.testAccuracy)
        // The same split scored by train's last epoch and by infer: the same per-class recalls and their mean.
        #expect(report.perClassAccuracy == log.last?.testPerClassAccuracy)
        #expect(report.balancedAccuracy == log.last?.testBalancedAccuracy)
        let recalls = report.perClassAccuracy.compactMap { $0 }
        #expect(abs(report.balancedAccuracy - recalls.reduce(0, +) / Double(recalls.count)) < 1e-12)
        #expect(abs(report.loss - (log.last?.testLoss ?? -1)) < 1e-9)
        #expect(report.firingRates.map(\.layer) == ["layer0", "layer1"])
        #expect(report.energy.layers.map(\.macs) == [2312 * 30, 30 * 10])
        #expect(report.inputRate > 0 && report.inputRate < 1)
    }

    @Test("evaluate: validation scores the validation split each epoch (infer on it agrees); a cache without one is refused")
    func evaluatesValidation() async throws {
        var (config, folder) = try await Self.pipeline()
        config.evaluate = .validation
        do {
            _ = try await Self.trainer(config, out: folder + "/none").run()
            Issue.record("a cache without validation samples must be refused")
        } catch let error as TrainingError {
            #expect(error.description.contains("validation"))
        }
        // The same digits with every fourth training sample moved to a validation split.
        var samples = try NMNISTCatalog(root: config.dataset.root).samples
        for i in samples.indices where samples[i].split == .train && i % 4 == 0 { samples[i].split = .validation }
        config.cache.path = folder + "/with-validation.h5"
        _ = try await Preprocessor.run(PreprocessRequest(
            datasetName: "nmnist", samples: samples, sensor: .nmnist, binning: config.binning.frameBinning,
            output: config.cachePath, workers: 2, createdBy: "tests"))
        let log = try await Self.trainer(config, out: folder + "/val").run()
        let onValidation = try await InferenceReport.evaluate(modelPath: folder + "/val/model.h5", cachePath: config.cachePath,
                                                              split: .validation)
        let onTest = try await InferenceReport.evaluate(modelPath: folder + "/val/model.h5", cachePath: config.cachePath)
        #expect(onValidation.samples == samples.filter { $0.split == .validation }.count && onTest.samples == 20)
        #expect(onValidation.accuracy == log.last?.testAccuracy)
        #expect(abs(onValidation.loss - (log.last?.testLoss ?? -1)) < 1e-9)
        #expect(try ModelCheckpoint.read(path: folder + "/val/model.h5").pipeline.evaluate == .validation)
    }

    @Test("augmenting from a frames-only cache, a sensor-changing augmentation and a checkpoint of another network are refused with what to do")
    func refusals() async throws {
        let (config, folder) = try await Self.pipeline()
        var augmented = config
        augmented.augment = ["dropEvent:p=0.1"]
        augmented.cache.path = config.cachePath  // the frames-only cache
        #expect(throws: TrainingError.self) { try augmented.checkExistingCacheStoresEvents() }
        do {
            _ = try await Self.trainer(augmented, out: folder + "/a").run()
            Issue.record("augmenting from a cache without /events must fail")
        } catch let error as TrainingError {
            #expect(error.description.contains("stores frames only") && error.description.contains("--store-events"))
        }
        try config.checkExistingCacheStoresEvents()  // nothing to check without augmentations

        let (eventsConfig, eventsFolder) = try await Self.pipeline(augment: ["randomCrop:size=28,28"])
        try eventsConfig.checkExistingCacheStoresEvents()
        do {
            _ = try await Self.trainer(eventsConfig, out: eventsFolder + "/c").run()
            Issue.record("an augmentation that changes the sensor size must fail")
        } catch let error as TrainingError {
            #expect(error.description.contains("34×34×2 sensor into 28×28×2"))
        }

        var one = config
        one.epochs = 1
        _ = try await Self.trainer(one, out: folder + "/b").run()
        var other = config
        other.network.spec = "2312-20-10"
        do {
            _ = try await Self.trainer(other, out: folder + "/b").run(resume: true)
            Issue.record("resuming a different network must fail")
        } catch let error as TrainingError {
            #expect(error.description.contains("another network"))
        }
    }
}
