import Foundation
import Synchronization
import SpikeModel
import SpikeNet
@testable import SpikeTraining
import Testing

/// `train` refuses, before the first batch, a batch whose training step cannot fit in memory, and says which
/// batch would.
@Suite("Trainer memory check")
struct TrainerMemoryTests {
    @Test("an impossible batch is refused before anything is allocated or written, naming the largest that fits")
    func impossibleBatch() async throws {
        var (config, folder) = try await TrainerTests.pipeline()
        config.batchSize = 50_000_000  // 50 M samples × 4 steps × 2312 inputs: hundreds of TB of activations
        let trainer = TrainerTests.trainer(config, out: folder + "/huge")
        do {
            _ = try await trainer.run()
            Issue.record("a batch of 50 M samples must be refused")
        } catch let error as TrainingError {
            guard case let .batchTooLarge(batch, steps, need, budget, largest, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(batch == 50_000_000 && steps == 4 && need > budget && largest < batch)
            #expect(error.description.contains("the largest batch that fits is \(largest): set batch_size: \(largest) in the pipeline."),
                    "\(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/huge/log.jsonl"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/huge/model.h5"))
    }

    @Test("the budget is honoured at the batch boundary: one byte short refuses 8 and offers 7, exactly enough trains")
    func budgetBoundary() async throws {
        var (config, folder) = try await TrainerTests.pipeline()
        config.epochs = 1
        let network = try Network(config.networkConfig(inputShape: [2, 34, 34]))
        // The step, plus the batches two readers build and two prefetched ones wait in (floats, 4 steps × 2312).
        let need = network.trainingMemory(timeSteps: 4).addingPerSample(4 * 4 * 4 * 2312).bytes(batch: config.batchSize)
        var short = TrainerTests.trainer(config, out: folder + "/short")
        short.memoryBudget = need - 1
        do {
            _ = try await short.run()
            Issue.record("one byte short must be refused")
        } catch let error as TrainingError {
            #expect("\(error)" == "\(TrainingError.batchTooLarge(batch: 8, timeSteps: 4, needBytes: need, budgetBytes: need - 1, largestBatch: 7))")
        }
        var enough = TrainerTests.trainer(config, out: folder + "/enough")
        enough.memoryBudget = need
        #expect(try await enough.run().count == 1)
    }

    @Test("memory: auto recomputes the Conv-BN-spiking blocks when keeping their activations does not fit; keep refuses")
    func autoRecomputesWhenKeepingDoesNotFit() async throws {
        var (config, folder) = try await TrainerTests.pipeline(spec: "12C3-12C3-12C3-12C3-AP2-10")
        config.network.batchNorm = true
        config.epochs = 1
        let network = try Network(config.networkConfig(inputShape: [2, 34, 34]))
        func need(_ recomputing: Bool) -> Int {
            network.trainingMemory(timeSteps: 4, recomputingBlocks: recomputing).addingPerSample(4 * 4 * 4 * 2312)
                .bytes(batch: config.batchSize)
        }
        #expect(need(true) < need(false))
        let said = Mutex<[String]>([])
        var auto = TrainerTests.trainer(config, out: folder + "/auto")
        auto.memoryBudget = need(true)
        auto.progressSink = { line, _ in said.withLock { $0.append(line) } }
        #expect(try await auto.run().count == 1)
        let lines = said.withLock { $0 }
        #expect(lines.contains { $0.contains("recomputed in the backward pass") }, "\(lines)")

        config.memory = .keep
        var keep = TrainerTests.trainer(config, out: folder + "/keep")
        keep.memoryBudget = need(true)
        do {
            _ = try await keep.run()
            Issue.record("memory: keep must be refused when keeping does not fit")
        } catch let error as TrainingError {
            guard case let .batchTooLarge(_, _, _, _, largest, recomputing) = error, let recomputing else {
                Issue.record("expected a refusal that offers memory: recompute, got \(error)")
                return
            }
            #expect(recomputing >= config.batchSize && largest < config.batchSize)
            #expect("\(error)".hasSuffix("or memory: recompute (or auto), which fits up to \(recomputing)."), "\(error)")
        }
    }

    @Test("not even one sample: the message says what to shrink")
    func noSampleFits() {
        let error = TrainingError.batchTooLarge(batch: 16, timeSteps: 16, needBytes: 30_000_000_000, budgetBytes: 1_000_000_000,
                                                largestBatch: 0)
        #expect(error.description.contains("needs about 30.0 GB") && error.description.contains("1.0 GB of memory is available")
                && error.description.contains("not even one sample fits"))
    }
}
