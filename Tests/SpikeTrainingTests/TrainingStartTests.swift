import Foundation
import SpikeModel
@testable import SpikeTraining
import Testing

@Suite("Where a training run starts: nothing overwritten unasked, --resume says what it found")
struct TrainingStartTests {
    @Test("a finished run is refused without --resume or --overwrite; --overwrite starts from scratch")
    func finishedRunIsKept() async throws {
        let (config, folder) = try await TrainerTests.pipeline()
        var one = config
        one.epochs = 1
        let trainer = TrainerTests.trainer(one, out: folder + "/run")
        _ = try await trainer.run()
        let before = try Data(contentsOf: URL(fileURLWithPath: folder + "/run/model.h5"))
        #expect(throws: TrainingError.runExists(checkpoint: folder + "/run/model.h5", epochs: 1)) {
            try trainer.start(resume: false)
        }
        #expect(TrainingError.runExists(checkpoint: "runs/x/model.h5", epochs: 1).description
                == "'runs/x/model.h5' already holds a model trained for 1 epoch; pass --resume to continue it, "
                + "--overwrite to train from scratch and replace it and its log, or --out DIR to write the new run elsewhere.")
        await #expect(throws: TrainingError.self) { _ = try await trainer.run() }
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/run/model.h5")) == before)
        guard case .fresh = try trainer.start(resume: false, overwrite: true) else {
            Issue.record("--overwrite must start from scratch")
            return
        }
    }

    @Test("--resume without a checkpoint is an error; with fewer epochs than it holds too; changed settings are listed")
    func resumeSaysWhatItFound() async throws {
        let (config, folder) = try await TrainerTests.pipeline()
        var one = config
        one.epochs = 1
        #expect(throws: TrainingError.nothingToResume(checkpoint: folder + "/run/model.h5")) {
            try TrainerTests.trainer(one, out: folder + "/run").start(resume: true)
        }
        #expect(TrainingError.nothingToResume(checkpoint: "runs/x/model.h5").description
                == "--resume found no checkpoint at 'runs/x/model.h5'; drop --resume to start a new run there, "
                + "or give the --out of the run to continue.")
        _ = try await TrainerTests.trainer(one, out: folder + "/run").run()

        var changed = config
        changed.optimizer.lr = 0.01
        guard case let .resume(checkpoint, changes) = try TrainerTests.trainer(changed, out: folder + "/run")
            .start(resume: true) else {
            Issue.record("--resume must resume")
            return
        }
        #expect(checkpoint.epoch == 1)
        #expect(changes == ["epochs 1 → 2", "optimizer.lr 0.005 → 0.01"])
        guard case let .resume(_, same) = try TrainerTests.trainer(one, out: folder + "/run").start(resume: true) else {
            Issue.record("--resume must resume")
            return
        }
        #expect(same.isEmpty)

        _ = try await TrainerTests.trainer(config, out: folder + "/run").run(resume: true)
        #expect(throws: TrainingError.fewerEpochsThanCheckpoint(checkpoint: folder + "/run/model.h5", done: 2, asked: 1)) {
            try TrainerTests.trainer(one, out: folder + "/run").start(resume: true)
        }
        #expect(TrainingError.fewerEpochsThanCheckpoint(checkpoint: "m.h5", done: 2, asked: 1).description
                == "'m.h5' already holds 2 epochs, more than the 1 asked for; pass --epochs 3 or more to train further, "
                + "or --overwrite instead of --resume to start over.")
    }
}
