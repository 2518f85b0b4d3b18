#if SPIKESTREAM_TORCH
import Foundation
import SpikeDatasets
import SpikeModel
import SpikeNet
import SpikePreprocess
import SpikeTestSupport
import SpikeTorch
import SpikeTraining
import Testing

/// The trainer with `--device torch-cpu`'s backend on a small synthetic CNN: it follows the CPU engine's run, and
/// its checkpoint (the engine's format) runs in infer on the CPU engine with the accuracy its last epoch logged.
@Suite("Trainer on torch-cpu")
struct TorchTrainerTests {
    /// 4 train / 2 test digits per class, T = 4; conv 4×5×5, max pool, 10 outputs; dataset and cache built fresh.
    static func cnnPipeline() async throws -> (PipelineConfig, folder: String) {
        let folder = try RepoPaths.temporaryDirectory("torch-trainer")
        var config = try PipelineConfig.parse(yaml: """
            name: tiny-cnn
            dataset: {name: synthetic-nmnist, root: \(folder)/digits, train_per_class: 4, test_per_class: 2}
            binning: {time_bins: 4}
            network: {spec: 4C5-MP2-10}
            optimizer: {kind: adam, lr: 0.005}
            epochs: 3
            batch_size: 8
            seed: 3
            """)
        _ = try await config.dataset.prepareSynthetic()
        _ = try await Preprocessor.run(PreprocessRequest(
            datasetName: "nmnist", samples: try NMNISTCatalog(root: config.dataset.root).samples, sensor: .nmnist,
            binning: config.binning.frameBinning, output: config.cachePath, workers: 2, createdBy: "tests"))
        config.cache.readers = 2
        return (config, folder)
    }

    static func trainer(_ config: PipelineConfig, out: String) -> Trainer {
        let paths = config.outputPaths(outDir: out)
        return Trainer(config: config, cachePath: config.cachePath, checkpointPath: paths.checkpoint, logPath: paths.log,
                       createdBy: "tests", progressSink: { _, _ in })
    }

    static func train(_ config: PipelineConfig, out: String, device: String?) async throws -> [EpochRecord] {
        var trainer = trainer(config, out: out)
        if let device {
            trainer.makeBackend = { network, optimizer in try TorchTrainer(network, optimizer: optimizer, device: device) }
        }
        return try await trainer.run()
    }

    @Test("3 epochs on torch-cpu (steps and per-epoch tests on the device): the engine's losses, accuracies within 1 point, weights; the checkpoint infers on the CPU engine as logged and on torch-cpu as on the engine")
    func followsEngine() async throws {
        let (config, folder) = try await Self.cnnPipeline()
        let engine = try await Self.train(config, out: folder + "/cpu", device: nil)
        let torch = try await Self.train(config, out: folder + "/torch", device: "cpu")
        for (e, t) in zip(engine, torch) {
            #expect(abs(t.trainLoss - e.trainLoss) <= 1e-3 * e.trainLoss, "epoch \(e.epoch): \(t.trainLoss) vs \(e.trainLoss)")
            #expect(abs(t.testAccuracy - e.testAccuracy) <= 0.01, "epoch \(e.epoch): \(t.testAccuracy) vs \(e.testAccuracy)")
            #expect(abs(t.testLoss - e.testLoss) <= 1e-3 * e.testLoss, "epoch \(e.epoch): \(t.testLoss) vs \(e.testLoss)")
        }
        let a = try ModelCheckpoint.read(path: folder + "/cpu/model.h5")
        let b = try ModelCheckpoint.read(path: folder + "/torch/model.h5")
        #expect(a.parameters.map(\.name) == b.parameters.map(\.name) && a.parameters.map(\.shape) == b.parameters.map(\.shape))
        #expect(engine.count == 3 && torch.count == 3)
        #expect(a.optimizer.step == b.optimizer.step && b.optimizer.step == 3 * 5)
        for (p, q) in zip(a.parameters, b.parameters) {
            let error = zip(p.value, q.value).map { abs($0 - $1) }.max() ?? 0
            #expect(error <= 1e-3 * (p.value.map(abs).max() ?? 0), "\(p.name): differs by \(error)")
        }
        let report = try await InferenceReport.evaluate(modelPath: folder + "/torch/model.h5", cachePath: config.cachePath)
        #expect(report.samples == 20)
        #expect(report.accuracy == torch.last?.testAccuracy)
        #expect(abs(report.loss - (torch.last?.testLoss ?? -1)) < 1e-9)
        let onDevice = try await InferenceReport.evaluate(modelPath: folder + "/torch/model.h5", cachePath: config.cachePath,
                                                          backend: { try TorchNetwork($0, device: "cpu") })
        #expect(onDevice.predictions.map(\.prediction) == report.predictions.map(\.prediction))
        #expect(abs(onDevice.loss - report.loss) <= 1e-4 * report.loss)
        for (r, d) in zip(report.firingRates, onDevice.firingRates) {
            #expect(r.layer == d.layer && abs(r.rate - d.rate) <= 1e-6, "\(r.layer): \(d.rate) vs \(r.rate)")
        }
    }

    @Test("out of device memory mid-run (injected at step 8, epoch 2): one error naming the batch size to try; epoch 1's checkpoint intact")
    func outOfMemory() async throws {
        let (config, folder) = try await Self.cnnPipeline()
        var trainer = Self.trainer(config, out: folder + "/oom")
        trainer.makeBackend = { network, optimizer in
            let backend = try TorchTrainer(network, optimizer: optimizer, device: "cpu")
            try backend.network.failWithOutOfMemory(atStep: 8)
            return backend
        }
        do {
            _ = try await trainer.run()
            Issue.record("the injected out-of-memory error did not stop the run")
        } catch let error as TorchError {
            #expect(error == .outOfMemory(reason: "out of memory (injected at step 8)", batch: 8), "\(error)")
            #expect("\(error)".hasPrefix("the device ran out of memory training a batch of 8 samples: set batch_size to 4 "),
                    "\(error)")
        }
        let checkpoint = try ModelCheckpoint.read(path: trainer.checkpointPath)
        #expect(checkpoint.epoch == 1)
        #expect(checkpoint.optimizer.step == 5)
    }
}
#endif
