import Foundation
import SpikeDatasets
import SpikeModel
import SpikePreprocess
import SpikeTestSupport
@testable import SpikeTraining
import SpikeTransforms
import Testing

/// A voxel-grid cache from the YAML's binning section, trained and scored (issue 19 item 16).
@Suite("Training on a representation")
struct RepresentationTrainingTests {
    static func config(binning: String, folder: String) throws -> PipelineConfig {
        try PipelineConfig.parse(yaml: """
            name: voxels
            dataset: {name: synthetic-nmnist, root: \(folder)/digits, train_per_class: 4, test_per_class: 2}
            binning: \(binning)
            network: {spec: 1156-30-10, input: counts}
            optimizer: {kind: adam, lr: 0.005}
            epochs: 2
            batch_size: 8
            seed: 3
            """)
    }

    @Test("binning: representation: voxelGrid trains on [4, 1, 34, 34] float32 frames; infer agrees")
    func trainsAndInfers() async throws {
        let folder = try RepoPaths.temporaryDirectory("representation-train")
        var config = try Self.config(binning: #"{representation: "voxelGrid:bins=4"}"#, folder: folder)
        #expect(config.binning.frameBinning == FrameBinning(representation: .voxelGrid(VoxelGrid(bins: 4))))
        #expect(config.cachePath.hasSuffix(".voxelGrid4.h5"))
        #expect(try await config.dataset.prepareSynthetic())
        _ = try await Preprocessor.run(PreprocessRequest(
            datasetName: "nmnist", samples: try NMNISTCatalog(root: config.dataset.root).samples, sensor: .nmnist,
            binning: config.binning.frameBinning, output: config.cachePath, workers: 2, createdBy: "tests"))
        config.cache.readers = 2
        let paths = config.outputPaths(outDir: folder + "/run")
        let log = try await Trainer(config: config, cachePath: config.cachePath, checkpointPath: paths.checkpoint,
                                    logPath: paths.log, createdBy: "tests", progressSink: { _, _ in }).run()
        #expect(log.count == 2)
        #expect(log.allSatisfy { $0.trainLoss.isFinite })
        let report = try await InferenceReport.evaluate(modelPath: paths.checkpoint, cachePath: config.cachePath)
        #expect(report.samples == 20 && report.accuracy == log.last?.testAccuracy)
        #expect(report.energy.layers.map(\.macs) == [1156 * 30, 30 * 10])

        let checkpoint = try ModelCheckpoint.read(path: paths.checkpoint)
        #expect(checkpoint.config.binning.representation == .voxelGrid(VoxelGrid(bins: 4)))

        // A count-frame cache of the same recordings is another binning: infer refuses it (unless --force) and says why.
        let counts = folder + "/digits.T4.h5"
        _ = try await Preprocessor.run(PreprocessRequest(
            datasetName: "nmnist", samples: try NMNISTCatalog(root: config.dataset.root).samples, sensor: .nmnist,
            binning: FrameBinning(.nTimeBins(4)), output: counts, workers: 2, createdBy: "tests"))
        do {
            _ = try await InferenceReport.evaluate(modelPath: paths.checkpoint, cachePath: counts)
            Issue.record("a count-frame cache was scored by a voxel-grid model")
        } catch TrainingError.binningMismatch(_, _, let differences) {
            #expect(differences.contains("representation unset → voxelGrid:bins=4"), "\(differences)")
            #expect(differences.contains("dtype uint8 → float32"), "\(differences)")
        }
    }

    @Test("binning: a representation beside count-frame keys, or a bad one, is a config error naming the key")
    func yamlRefusals() throws {
        func message(_ binning: String) -> String {
            do { _ = try Self.config(binning: binning, folder: "/tmp"); return "parsed" } catch { return "\(error)" }
        }
        #expect(message(#"{representation: "voxelGrid:bins=4", time_bins: 8}"#)
            .contains("representation voxelGrid:bins=4 makes its own time steps and float32 values; leave out time_bins"))
        #expect(message(#"{representation: "timeSurface:dt=100"}"#)
            .contains("binning.representation"))
        #expect(message(#"{representation: "timeSurface:dt=100"}"#).contains("timeSurface needs tau="))
        #expect(try Self.config(binning: "{representation: frames, time_bins: 8}", folder: "/tmp").binning.frameBinning
            == FrameBinning(.nTimeBins(8)))
    }
}
