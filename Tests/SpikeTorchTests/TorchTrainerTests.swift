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
            epochs: 2
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

    static func train(_ config: PipelineConfig, out: String, device: String?) async throws -> [EpochRecord] {
        let paths = config.outputPaths(outDir: out)
        var trainer = Trainer(config: config, cachePath: config.cachePath, checkpointPath: paths.checkpoint,
                              logPath: paths.log, createdBy: "tests", progressSink: { _, _ in })
        if let device {
            trainer.makeBackend = { network, optimizer in try TorchTrainer(network, optimizer: optimizer, device: device) }
        }
        return try await trainer.run()
    }

    @Test("2 epochs on torch-cpu: the engine's losses and weights; the checkpoint infers on the CPU engine as logged")
    func followsEngine() async throws {
        let (config, folder) = try await Self.cnnPipeline()
        let engine = try await Self.train(config, out: folder + "/cpu", device: nil)
        let torch = try await Self.train(config, out: folder + "/torch", device: "cpu")
        for (e, t) in zip(engine, torch) {
            #expect(abs(t.trainLoss - e.trainLoss) <= 1e-3 * e.trainLoss, "epoch \(e.epoch): \(t.trainLoss) vs \(e.trainLoss)")
            #expect(abs(t.testAccuracy - e.testAccuracy) <= 0.05 + 1e-9, "epoch \(e.epoch): \(t.testAccuracy) vs \(e.testAccuracy)")
        }
        let a = try ModelCheckpoint.read(path: folder + "/cpu/model.h5")
        let b = try ModelCheckpoint.read(path: folder + "/torch/model.h5")
        #expect(a.parameters.map(\.name) == b.parameters.map(\.name) && a.parameters.map(\.shape) == b.parameters.map(\.shape))
        #expect(a.optimizer.step == b.optimizer.step && b.optimizer.step == 2 * 5)
        for (p, q) in zip(a.parameters, b.parameters) {
            let error = zip(p.value, q.value).map { abs($0 - $1) }.max() ?? 0
            #expect(error <= 1e-3 * (p.value.map(abs).max() ?? 0), "\(p.name): differs by \(error)")
        }
        let report = try await InferenceReport.evaluate(modelPath: folder + "/torch/model.h5", cachePath: config.cachePath)
        #expect(report.samples == 20)
        #expect(report.accuracy == torch.last?.testAccuracy)
        #expect(abs(report.loss - (torch.last?.testLoss ?? -1)) < 1e-9)
    }
}
#endif
