import Foundation
import SpikeModel
import SpikeNet
import SpikeTestSupport
import SpikeTraining
import Testing

/// `train` as 2 or 3 processes of the built binary on 127.0.0.1 (1 engine thread each) against 1 process with the
/// batch times the world size, on a small synthetic pipeline (160 training and 40 test digits, 2 epochs of STBP): the
/// same weights on the CPU engine and on torch-cpu, each epoch's order split by rank, every rank's optimizer state
/// the same, a killed rank reported (rank 1 or rank 0, the store's host), a resumed run, a mismatched rank refused,
/// the schedule kept in epochs across a resume with another world size. About 2 minutes on 2 loaded cores;
/// serialized, as the runs share one dataset and cache.
@Suite(.serialized, .enabled(if: SpikeStreamCLI.path != nil, "SKIPPED: no spikestream executable built next to the tests"))
struct DistributedTrainingTests {
    static let folder = try! RepoPaths.temporaryDirectory("spikestream-dist")

    @Test func twoRanksEqualOneProcessWithTheDoubledBatch() throws {
        // SGD with momentum: Adam divides each gradient by its own running magnitude, so where a weight's gradient
        // sums nearly cancel, summation-order rounding becomes a visible step (measured with Adam: 3 of 924,800
        // weights off by more than 1e-6, at most 5.8e-5 of the largest; 2.5e-7 relative in the L2 norm).
        try Self.alone(["--pipeline", Self.pipeline(batch: 16, sgd: true), "--out", "\(Self.folder)/single"],
                       orderFolder: "\(Self.folder)/order-single")
        let ranks = try Self.ranks(["--pipeline", Self.pipeline(batch: 8, sgd: true), "--out", "\(Self.folder)/two"],
                                   orderFolder: "\(Self.folder)/order-two")
        for (rank, result) in ranks.enumerated() { #expect(result.status == 0, "rank \(rank): \(result.output)") }

        // Summation order is the only difference: each rank sums 8 samples' gradients and Gloo adds the two halves
        // (then halves them), where one process sums all 16 in one loop; float32 rounding of those sums is ~1e-7
        // relative per step, and 20 steps carry it into the weights.
        Self.expectClose(try Self.arrays("\(Self.folder)/single/model.h5"), try Self.arrays("\(Self.folder)/two/model.h5"))
        // The weights moved (the comparison is not of two untrained networks).
        let one = try Self.weights("\(Self.folder)/single/model.h5")
        let initial = try Network(ModelCheckpoint.read(path: "\(Self.folder)/single/model.h5").network).parameters
        #expect(zip(initial, one).contains { $0.value != $1.value })

        // Each epoch: rank r trained on positions r, r+2, r+4, … of the single process's order (160 samples: no padding).
        try Self.expectOrderSplit(single: "\(Self.folder)/order-single", parts: "\(Self.folder)/order-two", ranks: 2,
                                  epochs: 2, samples: 160)
        try Self.expectRanksInStep("\(Self.folder)/order-two", epochs: 2, ranks: 2)
        // Rank 0 alone wrote the log; the test pass was split over the ranks and its counts summed: the same scores.
        let logOne = try EpochRecord.readLog(path: "\(Self.folder)/single/log.jsonl")
        let logTwo = try EpochRecord.readLog(path: "\(Self.folder)/two/log.jsonl")
        #expect(logTwo.count == 2)
        for (a, b) in zip(logOne, logTwo) {
            #expect(a.testAccuracy == b.testAccuracy)
            #expect(abs(a.testLoss - b.testLoss) <= 1e-5 * abs(a.testLoss))
            #expect(abs(a.trainLoss - b.trainLoss) <= 1e-5 * abs(a.trainLoss))
        }
        #expect(!ranks[1].output.contains("epoch 1/2"), "rank 1 printed: \(ranks[1].output)")
    }

    @Test func threeRanksEqualOneProcessWithTheTripledBatch() throws {
        // 120 training digits: a multiple of 3 (no padding) and of the global batch 24 (5 steps an epoch).
        try Self.alone(["--pipeline", Self.pipeline(batch: 24, sgd: true, perClass: 12), "--out", "\(Self.folder)/single3"],
                       orderFolder: "\(Self.folder)/order-single3")
        let ranks = try Self.ranks(["--pipeline", Self.pipeline(batch: 8, sgd: true, perClass: 12), "--out",
                                    "\(Self.folder)/three"], count: 3, orderFolder: "\(Self.folder)/order-three")
        for (rank, result) in ranks.enumerated() { #expect(result.status == 0, "rank \(rank): \(result.output)") }
        // As with 2 ranks, summation order is the only difference (Gloo adds three partial sums).
        Self.expectClose(try Self.arrays("\(Self.folder)/single3/model.h5"), try Self.arrays("\(Self.folder)/three/model.h5"))
        try Self.expectOrderSplit(single: "\(Self.folder)/order-single3", parts: "\(Self.folder)/order-three", ranks: 3,
                                  epochs: 2, samples: 120)
        try Self.expectRanksInStep("\(Self.folder)/order-three", epochs: 2, ranks: 3)
    }

    /// Starts 2 ranks of a 40-epoch run in `out`, kills `victim` (SIGKILL) in the middle of epoch 2 and expects the
    /// other to stop within 30 s, non-zero, naming it.
    static func killMidEpoch(victim: Int, out: String) throws {
        let arguments = ["--pipeline", try pipeline(batch: 8, epochs: 40), "--out", out]
        let port = Int.random(in: 30000..<60000)
        let runs = try (0..<2).map { try Run(arguments, rank: $0, port: port) }
        defer { runs.forEach { $0.stop() } }
        // Mid-epoch 2: after rank 0 logged epoch 1.
        let logged = Date().addingTimeInterval(240)
        while (try? lines("\(out)/log.jsonl").count) ?? 0 < 1 && Date() < logged { Thread.sleep(forTimeInterval: 0.1) }
        Thread.sleep(forTimeInterval: 0.5)
        runs[victim].stop()
        let killed = Date()
        let survivor = try #require(runs[1 - victim].wait(seconds: 30),
                                    "rank \(1 - victim) still runs 30 s after rank \(victim) was killed")
        #expect(Date().timeIntervalSince(killed) < 30)
        #expect(survivor.status != 0)
        #expect(survivor.output.contains("rank \(victim) stopped"), "\(survivor.output)")
    }

    @Test func aKilledRankIsNamedAndTheRunResumes() throws {
        let out = "\(Self.folder)/killed"
        try Self.killMidEpoch(victim: 1, out: out)
        let done = try ModelCheckpoint.read(path: "\(out)/model.h5").epoch
        let resumed = try Self.ranks(["--pipeline", Self.pipeline(batch: 8, epochs: 40), "--out", out, "--resume",
                                      "--epochs", "\(done + 1)"])
        for (rank, result) in resumed.enumerated() { #expect(result.status == 0, "rank \(rank): \(result.output)") }
        #expect(try ModelCheckpoint.read(path: "\(out)/model.h5").epoch == done + 1)
        #expect(try EpochRecord.readLog(path: "\(out)/log.jsonl").map(\.epoch) == Array(1...(done + 1)))
    }

    @Test func aKilledRankZeroIsNamed() throws {
        // Rank 0 hosts the store: rank 1's collective fails and its heartbeat look-up finds the store gone.
        try Self.killMidEpoch(victim: 0, out: "\(Self.folder)/killed0")
    }

    @Test func aRankWithAnotherNetworkIsRefused() throws {
        let port = Int.random(in: 30000..<60000)
        let runs = [try Run(["--pipeline", Self.pipeline(batch: 8), "--out", "\(Self.folder)/mismatch"], rank: 0, port: port),
                    try Run(["--pipeline", Self.pipeline(batch: 8, spec: "2312-300-10"), "--out", "\(Self.folder)/mismatch"],
                            rank: 1, port: port)]
        defer { runs.forEach { $0.stop() } }
        for run in runs {
            let result = try #require(run.wait(seconds: 120))
            #expect(result.status != 0)
            #expect(result.output.contains("rank 1 has another network"), "\(result.output)")
        }
        #expect(!FileManager.default.fileExists(atPath: "\(Self.folder)/mismatch/model.h5"))
    }

    @Test func aResumeWithAnotherWorldSizeKeepsTheScheduleInEpochs() throws {
        // A cosine schedule (lr 0.001 → 0.0001). Epoch 1 (of --epochs 1) with 2 ranks × 8: 10 steps. Epoch 2 alone × 8:
        // 20 steps, the schedule laid out as 40 for the 2 epochs; it must continue from step 20 (epoch 1's end), not
        // from 10, the checkpoint's count.
        let out = "\(Self.folder)/resized"
        let pipeline = try Self.pipeline(batch: 8, cosine: true)
        let first = try Self.ranks(["--pipeline", pipeline, "--out", out, "--epochs", "1"])
        for (rank, result) in first.enumerated() { #expect(result.status == 0, "rank \(rank): \(result.output)") }
        let resumed = try #require(try Run(["--pipeline", pipeline, "--out", out, "--resume"]).wait(seconds: 300))
        #expect(resumed.status == 0, "\(resumed.output)")
        #expect(resumed.output.contains("the learning-rate schedule, given in epochs, continues from epoch 1's point"),
                "\(resumed.output)")
        let log = try EpochRecord.readLog(path: "\(out)/log.jsonl")
        try #require(log.count == 2)
        // The log's rate is that of each epoch's last step: cosine step 39 of 40 (not 29, where a kept count lands).
        func cosine(_ step: Int, of steps: Int) -> Double {
            0.0001 + (0.001 - 0.0001) * (1 + cos(Double.pi * Double(step) / Double(steps))) / 2
        }
        #expect(abs(log[0].learningRate - cosine(9, of: 10)) <= 1e-6, "epoch 1: \(log[0].learningRate)")
        #expect(abs(log[1].learningRate - cosine(39, of: 40)) <= 1e-6, "epoch 2: \(log[1].learningRate)")
        // The optimizer counts the updates done: 10 + 20.
        #expect(try ModelCheckpoint.read(path: "\(out)/model.h5").optimizer.step == 30)
    }
}
