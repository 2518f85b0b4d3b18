import SpikeCache
import SpikeEvents
import SpikeModel
import SpikeNet
import SpikePipeline
import SpikeTransforms

/// The cached frames of one split as network batches: read in parallel in a per-epoch seeded order (or in
/// file order), grouped into `[B, T, C, H, W]` batches (shorter samples zero-padded to the batch's longest)
/// and prefetched while the network works on the previous batch. With `augmentation`, each sample's stored
/// events are augmented for the epoch and binned again instead (`AugmentedEpochSource`, same order).
struct CacheBatches {
    let reader: CacheReader
    let split: Split
    let batchSize: Int
    let input: NetworkSection.Input
    var readers = 2
    var prefetch = 2
    var augmentation: PostCacheTransforms?
    /// A backend that takes batches as the cache stores them (`--device torch-cpu|cuda`): each batch is staged by it
    /// in the prefetch task (`Batch.staged`) instead of converted to floats here.
    var staging: (any InputStaging)?

    /// Samples of the split.
    var count: Int { reader.splits.lazy.filter { $0 == split }.count }

    /// Per-sample network input shape `[C, H, W]`.
    var inputShape: [Int] { [reader.geometry.channels, reader.geometry.height, reader.geometry.width] }

    /// One batch as the network takes it, with its samples' labels, ids and real (unpadded) time steps.
    struct Batch: Sendable {
        /// `[B, T, C, H, W]` floats (empty, shape `[0]`, when the batch is `staged`).
        var input: Tensor
        /// The batch as `staging` staged it.
        var staged: (any StagedInput)?
        var labels: [Int]
        var ids: [String]
        var lengths: [Int]
    }

    /// Calls `body` with each batch. `epoch`/`seed` fix the order (and the augmentation); `shuffle: false` keeps
    /// the file order (evaluation); `shard` keeps one data-parallel process's part of that order.
    func forEach(epoch: Int, seed: UInt64, shuffle: Bool, shard: EpochShard? = nil, _ body: (Batch) throws -> Void) async throws {
        if let augmentation {
            var source = try AugmentedEpochSource(reader: reader, transforms: augmentation, split: split, epoch: epoch,
                                                  seed: seed, shuffle: shuffle, maxConcurrency: readers)
            if let shard { source.order = shard.part(of: source.order) }
            try await feed(source, body)
        } else {
            var source = CacheEpochSource(reader: reader, split: split, epoch: epoch, seed: seed, shuffle: shuffle,
                                          maxConcurrency: readers)
            if let shard { source.order = shard.part(of: source.order) }
            try await feed(source, body)
        }
    }

    private func feed<Source: AsyncSequence & Sendable>(_ source: Source, _ body: (Batch) throws -> Void)
        async throws where Source.Element == LabeledFrames {
        if let staging {
            let binary = input == .binary
            let staged = source.grouped(size: batchSize).map { samples in
                let frames = samples.map(\.frames)
                let steps = frames.map(\.shape.timeSteps).max() ?? 0
                return Batch(input: Tensor(shape: [0], data: []),
                             staged: try staging.stage(frames, timeSteps: steps, binary: binary),
                             labels: samples.map(\.label), ids: samples.map(\.id), lengths: frames.map(\.shape.timeSteps))
            }
            for try await batch in staged.prefetch(prefetch) { try body(batch) }
            return
        }
        for try await batch in source.batched(size: batchSize, padding: .longest).prefetch(prefetch) {
            try body(Batch(input: tensor(batch), labels: batch.labels.map(Int.init), ids: batch.ids,
                           lengths: batch.lengths.map(Int.init)))
        }
    }

    /// `[B, T, C, H, W]`, with counts clipped to 1 for binary input.
    func tensor(_ batch: FrameBatch) -> Tensor {
        var data = batch.data
        if input == .binary {
            data.withUnsafeMutableBufferPointer { values in
                for i in values.indices where values[i] > 1 { values[i] = 1 }
            }
        }
        let s = batch.frameShape
        return Tensor(shape: [batch.batchSize, s.timeSteps, s.channels, s.height, s.width], data: data)
    }
}

/// What one pass over a split gives: loss, every prediction (from each sample's real time steps, as streaming
/// the sample alone would give), and the mean input density and firing rate of each spiking layer (weighted
/// by samples).
struct Evaluation: Sendable {
    var loss: Double = 0
    var ids: [String] = []
    var labels: [Int] = []
    var predictions: [Int] = []
    /// Per sample, the output layer summed over its time steps (per class).
    var outputs: [[Float]] = []
    var inputRate: Double = 0
    var firingRates: [Double] = []
    var timeSteps = 0

    var count: Int { labels.count }
    var accuracy: Double {
        count == 0 ? 0 : Double(zip(labels, predictions).filter { $0 == $1 }.count) / Double(count)
    }

    /// Runs `network` in evaluation mode over every batch of `batches` (this process's `shard` of them), in file
    /// order. `backend`: where the passes run (`--device`); nil: the CPU engine.
    static func run(_ network: inout Network, on batches: CacheBatches, shard: EpochShard? = nil,
                    backend: (any InferenceBackend)? = nil) async throws -> Evaluation {
        var result = Evaluation()
        var lossSum = 0.0, inputSum = 0.0
        var rateSums: [Double] = []
        try await batches.forEach(epoch: 0, seed: 0, shuffle: false, shard: shard) { batch in
            let (input, labels) = (batch.input, batch.labels)
            let (output, rates): (Tensor, [Float])
            if let backend { (output, rates) = try backend.infer(input) } else {
                (output, rates) = (try network.forward(input, training: false).0, network.firingRates)
            }
            let context = (batch: input.shape[0], timeSteps: input.shape[1])
            let loss = network.config.loss.evaluate(output, labels: labels, timeSteps: context.timeSteps,
                                                         options: network.config.lossOptions).loss
            let n = Double(labels.count)
            lossSum += Double(loss) * n
            result.ids += batch.ids
            result.labels += labels
            result.predictions += SpikeNet.predictions(output, batch: context.batch, timeSteps: context.timeSteps,
                                                       lengths: batch.lengths)
            result.outputs += Self.sums(output, batch: context.batch, timeSteps: context.timeSteps, lengths: batch.lengths)
            inputSum += Double(input.data.reduce(0, +)) / Double(max(input.count, 1)) * n
            if rateSums.isEmpty { rateSums = Array(repeating: 0, count: rates.count) }
            for (i, r) in rates.enumerated() { rateSums[i] += Double(r) * n }
            result.timeSteps = max(result.timeSteps, context.timeSteps)
        }
        let n = Double(max(result.count, 1))
        result.loss = lossSum / n
        result.inputRate = inputSum / n
        result.firingRates = rateSums.map { $0 / n }
        return result
    }
}

extension Evaluation {
    /// Each sample's `[T·B, K]` outputs summed over its own time steps.
    static func sums(_ output: Tensor, batch: Int, timeSteps: Int, lengths: [Int]?) -> [[Float]] {
        let k = output.count / max(timeSteps * batch, 1)
        return (0..<batch).map { b in
            var sums = [Float](repeating: 0, count: k)
            for t in 0..<min(lengths?[b] ?? timeSteps, timeSteps) { for i in 0..<k { sums[i] += output.data[(t * batch + b) * k + i] } }
            return sums
        }
    }
}

extension CacheReader {
    /// The most time steps of any sample of `split` (batches are as long as their longest sample).
    func longestSample(in split: Split) -> Int {
        var longest = 0
        for i in splits.indices where splits[i] == split {
            longest = max(longest, Int(frameOffsets[i + 1] - frameOffsets[i]))
        }
        return longest
    }
}
