import Foundation
import SpikeCache
import SpikeEvents
import SpikeModel
import SpikeNet
import SpikePipeline
@testable import SpikeTraining
import Testing

@Suite("Trainer with post-cache augmentation")
struct TrainerAugmentationTests {
    static let flip = ["randomFlip:axis=lr,p=0.5"]

    /// Whether `a` is `b` mirrored left-right (x ↦ W − 1 − x) in every time step and channel.
    static func isMirror(_ a: FrameTensor, of b: FrameTensor) -> Bool {
        let s = b.shape
        guard a.shape == s else { return false }
        for t in 0..<s.timeSteps {
            for c in 0..<s.channels {
                for y in 0..<s.height {
                    for x in 0..<s.width where a[t, c, y, x] != b[t, c, y, s.width - 1 - x] { return false }
                }
            }
        }
        return true
    }

    /// Every batch the trainer would train on in `epoch`: tensor data and labels.
    static func trainingBatches(_ batches: CacheBatches, epoch: Int, seed: UInt64) async throws -> [([Float], [Int])] {
        var seen: [([Float], [Int])] = []
        try await batches.forEach(epoch: epoch, seed: seed, shuffle: true) { seen.append(($0.input.data, $0.labels)) }
        return seen
    }

    @Test("an augmenting pipeline trains end to end; the test pass sees the cached frames, not augmented ones")
    func endToEnd() async throws {
        let (config, folder) = try await TrainerTests.pipeline(augment: Self.flip)
        #expect(config.cachePath == folder + "/digits.T4.events.h5")
        let log = try await TrainerTests.trainer(config, out: folder + "/run").run()
        #expect(log.map(\.epoch) == [1, 2])
        #expect(log.allSatisfy { $0.trainLoss.isFinite && $0.testLoss.isFinite })

        // `infer` reads the cached test frames; the log's test numbers must be the same pass.
        let report = try await InferenceReport.evaluate(modelPath: folder + "/run/model.h5", cachePath: config.cachePath)
        #expect(report.samples == 20)
        #expect(report.accuracy == log.last?.testAccuracy)
        #expect(abs(report.loss - (log.last?.testLoss ?? -1)) < 1e-9)
    }

    @Test("epoch 1 trains on AugmentedEpochSource's frames: each sample is the cached one or its mirror, both occur")
    func trainingFramesAreAugmented() async throws {
        let (config, _) = try await TrainerTests.pipeline(augment: Self.flip)
        let reader = try CacheReader(path: config.cachePath)
        let trainer = TrainerTests.trainer(config, out: "unused")
        let train = try trainer.trainingBatches(reader)
        #expect(train.augmentation != nil)
        let trained = try await Self.trainingBatches(train, epoch: 1, seed: config.seed)

        let direct = try AugmentedEpochSource(reader: reader, transforms: config.postCacheTransforms, split: .train,
                                              epoch: 1, seed: config.seed)
        var samples: [LabeledFrames] = []
        for try await sample in direct { samples.append(sample) }
        #expect(samples.count == 40)
        let expected = try stride(from: 0, to: samples.count, by: config.batchSize).map { start in
            let batch = try FrameBatch(Array(samples[start..<min(start + config.batchSize, samples.count)]),
                                       padding: .longest)
            return (train.tensor(batch).data, batch.labels.map(Int.init))
        }
        #expect(trained.count == 5 && expected.count == 5)
        for (a, b) in zip(trained, expected) {
            #expect(a.0 == b.0 && a.1 == b.1)
        }

        let index = Dictionary(uniqueKeysWithValues: reader.sampleIDs.enumerated().map { ($1, $0) })
        var same = 0, mirrored = 0
        for sample in samples {
            let cached = try reader.frames(at: index[sample.id]!)
            if sample.frames == cached { same += 1 } else if Self.isMirror(sample.frames, of: cached) { mirrored += 1 }
        }
        #expect(same + mirrored == samples.count)  // nothing but flips
        #expect(same > 0 && mirrored > 0)
    }

    @Test("the same seed gives bit-identical weights after one augmented epoch; without augmentation they differ")
    func reproducible() async throws {
        let (base, folder) = try await TrainerTests.pipeline(augment: Self.flip)
        var config = base
        config.epochs = 1
        for run in ["a", "b"] { _ = try await TrainerTests.trainer(config, out: folder + "/" + run).run() }
        var plain = config
        plain.augment = []
        plain.cache.path = config.cachePath  // the same cache, its frames only
        _ = try await TrainerTests.trainer(plain, out: folder + "/plain").run()

        let a = try ModelCheckpoint.read(path: folder + "/a/model.h5")
        let b = try ModelCheckpoint.read(path: folder + "/b/model.h5")
        let c = try ModelCheckpoint.read(path: folder + "/plain/model.h5")
        #expect(TrainerTests.bits(a) == TrainerTests.bits(b))
        #expect(TrainerTests.bits(a) != TrainerTests.bits(c))
    }
}
