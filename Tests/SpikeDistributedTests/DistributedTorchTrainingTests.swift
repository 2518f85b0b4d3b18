import Foundation
import SpikeModel
import SpikeTestSupport
import Testing

/// `--device torch-cpu` under a launcher: the backend's gradients averaged in place by Gloo between its backward
/// pass and its update.
extension DistributedTrainingTests {
    @Test func torchCPUTwoRanksEqualOneProcessWithTheDoubledBatch() throws {
        let device = ["--device", "torch-cpu"]
        try Self.alone(["--pipeline", Self.pipeline(batch: 16, sgd: true), "--out", "\(Self.folder)/torch-single"] + device,
                       orderFolder: "\(Self.folder)/order-torch-single")
        let ranks = try Self.ranks(["--pipeline", Self.pipeline(batch: 8, sgd: true), "--out", "\(Self.folder)/torch-two"]
                                       + device, orderFolder: "\(Self.folder)/order-torch-two")
        for (rank, result) in ranks.enumerated() { #expect(result.status == 0, "rank \(rank): \(result.output)") }
        // Summation order is again the only difference: ATen sums each rank's 8 samples in its matrix products, Gloo
        // adds the two halves and divides by 2, where one process's products sum all 16; float32 rounding is ~1e-7
        // relative per step, carried by 20 steps into the weights and the momentum buffers.
        let single = "\(Self.folder)/torch-single/model.h5", two = "\(Self.folder)/torch-two/model.h5"
        Self.expectClose(try Self.arrays(single), try Self.arrays(two))
        Self.expectClose(try Self.arrays(single, moments: true), try Self.arrays(two, moments: true))
        #expect(try ModelCheckpoint.read(path: two).optimizer.step == 20)
        // Every rank ends each epoch with the same weights and moments (bit for bit: the same averaged gradients).
        try Self.expectRanksInStep("\(Self.folder)/order-torch-two", epochs: 2, ranks: 2)
        try Self.expectOrderSplit(single: "\(Self.folder)/order-torch-single", parts: "\(Self.folder)/order-torch-two",
                                  ranks: 2, epochs: 2, samples: 160)
    }
}
