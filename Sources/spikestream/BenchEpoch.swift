import ArgumentParser
import Foundation
import SpikeCache
import SpikePipeline

struct BenchEpoch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "epoch",
        abstract: "Full epochs of random-order batches from a cache: CacheEpochSource → batched → prefetch (samples/s).",
        discussion: """
            Each epoch reads every sample once in a new seeded order with --readers parallel readers, assembles \
            [B, T, C, H, W] Float32 batches (zero-padded or checked to T = --time-steps) and consumes them through \
            a --prefetch deep buffer, as a training loop would. Reports the median epoch.
            """)

    @Argument(help: "A cache written by preprocess.") var cache: String
    @Option(help: "Samples per batch.") var batchSize = 64
    @Option(help: "Time steps per batch (fixed padding).") var timeSteps = 16
    @Option(help: "Parallel reader tasks.") var readers = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Batches the pipeline may run ahead of the consumer.") var prefetch = 4
    @Option(help: "Epochs to time (the median is reported).") var epochs = 3
    @Option(help: "Shuffle seed.") var seed: UInt64 = 0

    func validate() throws {
        guard batchSize > 0, timeSteps > 0, readers > 0, prefetch > 0, epochs > 0 else {
            throw ValidationError("--batch-size, --time-steps, --readers, --prefetch and --epochs must be positive")
        }
    }

    func run() async throws {
        let reader = try CacheReader(path: cache)
        var times: [Double] = []
        var checksum = 0.0
        for epoch in 0..<epochs {
            let progress = ProgressReporter(label: "epoch \(epoch)", total: reader.count)
            let start = ContinuousClock.now
            let batches = CacheEpochSource(reader: reader, epoch: epoch, seed: seed, maxConcurrency: readers)
                .batched(size: batchSize, padding: .fixed(timeSteps))
                .prefetch(prefetch)
            for try await batch in batches {
                // Touch the batch as a consumer would, so nothing is optimised away.
                checksum += Double(batch.data[batch.data.count / 2]) + Double(batch.labels[0])
                progress.advance(done: batch.batchSize)
            }
            times.append((ContinuousClock.now - start).seconds)
            progress.finish()
        }
        let seconds = times.sorted()[times.count / 2]
        report(["samples": Double(reader.count), "seconds": seconds, "samples_per_s": Double(reader.count) / seconds,
                "batch_size": Double(batchSize), "readers": Double(readers), "checksum": checksum], name: "epoch")
    }
}
