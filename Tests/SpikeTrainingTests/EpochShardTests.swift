import SpikeTraining
import Testing

/// The data-parallel split (PyTorch DistributedSampler's rule) and the launcher's environment, by hand.
@Suite struct EpochShardTests {
    let order = [40, 41, 42, 43, 44, 45, 46, 47, 48, 49]

    @Test func trainingPadsWithTheFirstSamplesThenStrides() {
        // 10 samples over 4 processes: padded to 12 with the first two (40, 41), then every 4th from the rank.
        let parts = (0..<4).map { EpochShard(rank: $0, count: 4, padded: true).part(of: order) }
        #expect(parts == [[40, 44, 48], [41, 45, 49], [42, 46, 40], [43, 47, 41]])
        #expect((0..<4).map { EpochShard(rank: $0, count: 4, padded: true).size(of: 10) } == [3, 3, 3, 3])
    }

    @Test func paddingRepeatsTheOrderWhenItIsShorterThanTheProcesses() {
        #expect((0..<4).map { EpochShard(rank: $0, count: 4, padded: true).part(of: [7]) } == [[7], [7], [7], [7]])
    }

    @Test func evaluationScoresEverySampleOnce() {
        let parts = (0..<4).map { EpochShard(rank: $0, count: 4, padded: false).part(of: order) }
        #expect(parts == [[40, 44, 48], [41, 45, 49], [42, 46], [43, 47]])
        #expect((0..<4).map { EpochShard(rank: $0, count: 4, padded: false).size(of: 10) } == [3, 3, 2, 2])
        #expect(parts.joined().sorted() == order)
    }

    @Test func eachGlobalBatchIsTheSingleProcessBatch() {
        // Per-process batch 3 on 2 processes = the single process's batches of 6, sample for sample.
        let order = Array(0..<24).shuffled()
        let parts = (0..<2).map { EpochShard(rank: $0, count: 2, padded: true).part(of: order) }
        for k in 0..<4 {
            let global = parts.flatMap { Array($0[(3 * k)..<(3 * k + 3)]) }
            #expect(global.sorted() == order[(6 * k)..<(6 * k + 6)].sorted())
        }
    }

    @Test func launchEnvironment() throws {
        #expect(try LaunchEnvironment([:]) == nil)
        #expect(try LaunchEnvironment(["WORLD_SIZE": "1", "RANK": "0"]) == nil)
        let launch = try LaunchEnvironment(["WORLD_SIZE": "4", "RANK": "3", "LOCAL_RANK": "1", "MASTER_ADDR": "node7",
                                            "MASTER_PORT": "29500"])
        #expect(launch == LaunchEnvironment(rank: 3, worldSize: 4, localRank: 1, masterAddress: "node7", masterPort: 29500))
        #expect(throws: TrainingError.launchEnvironment("RANK=4 is not a number in 0…3")) {
            try LaunchEnvironment(["WORLD_SIZE": "4", "RANK": "4", "MASTER_ADDR": "a", "MASTER_PORT": "1"])
        }
        #expect(throws: TrainingError.launchEnvironment(
            "MASTER_ADDR is not set (the host name or address of rank 0's machine)")) {
            try LaunchEnvironment(["WORLD_SIZE": "2", "RANK": "0", "MASTER_PORT": "1"])
        }
    }
}
