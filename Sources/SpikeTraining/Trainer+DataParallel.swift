import Foundation
import SpikeCache
import SpikeEvents
import SpikeNet

/// What a data-parallel process does besides training on its shard: agree with the others at start-up, sum the
/// epoch's statistics, share rank 0's buffers, and score its part of the test split.
extension Trainer {
    /// Refuses to start when a process reads another cache, builds another network, was given another world size
    /// or starts from another point (epoch, weights, optimizer state) than rank 0: every process gathers every
    /// process's digests of the four and the first that differs is named.
    func checkAgreement(_ group: any TrainingGroup, cacheKey: String, network: Network, optimizer: Optimizer,
                        epoch: Int) throws {
        var start = Digest64()
        start.add(UInt64(epoch))
        start.add(network, optimizer)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let mine = [Digest64(cacheKey).value, Digest64(try encoder.encode(network.config)).value, UInt64(group.worldSize),
                    start.value]
        let what = ["cache (its cache key)", "network (layers, neuron, rule, loss or seed)", "world size (WORLD_SIZE)",
                    "starting point (the checkpoint's epoch, weights or optimizer state)"]
        let all = try group.allGather(mine)
        for (rank, theirs) in all.enumerated() {
            if let i = theirs.indices.first(where: { theirs[$0] != all[0][$0] }) {
                throw TrainingError.rankDisagrees(rank: rank, what: what[i])
            }
        }
    }

    /// The epoch's training loss sum, correct predictions and samples, summed over the group.
    static func sum(_ loss: Double, _ correct: Int, _ seen: Int, over group: any TrainingGroup) throws -> (Double, Int, Int) {
        var totals = [loss, Double(correct), Double(seen)]
        try group.sum(&totals)
        return (totals[0], Int(totals[1]), Int(totals[2]))
    }

    /// Gives every process rank 0's buffers (BatchNorm's running statistics, which each process updated from its
    /// own part of the batches), as PyTorch's DistributedDataParallel does, before evaluation and the checkpoint.
    func shareBuffers(_ network: inout Network, _ group: any TrainingGroup) throws {
        var parameters = network.parameters
        var values = parameters.filter { !$0.trainable }.flatMap(\.value)
        guard !values.isEmpty else { return }
        try group.broadcast(&values, from: 0)
        var offset = 0
        for i in parameters.indices where !parameters[i].trainable {
            let n = parameters[i].value.count
            parameters[i].value = Array(values[offset..<offset + n])
            offset += n
        }
        try network.load(parameters)
    }

    /// The test pass: alone, over the whole split; in a group, each process scores its part (no padding: every
    /// sample once) and the loss sums and confusion counts are summed.
    func evaluate(_ network: inout Network, on test: CacheBatches, group: (any TrainingGroup)?,
                  backend: (any InferenceBackend)?) async throws
        -> (loss: Double, accuracy: Double, confusion: ConfusionMatrix) {
        let classes = network.outputShape.reduce(1, *)
        let shard = group.map { EpochShard(rank: $0.rank, count: $0.worldSize, padded: false) }
        let evaluation = try await Evaluation.run(&network, on: test, shard: shard, backend: backend)
        var confusion = ConfusionMatrix(labels: evaluation.labels, predictions: evaluation.predictions, classes: classes)
        guard let group else { return (evaluation.loss, evaluation.accuracy, confusion) }
        var sums = [evaluation.loss * Double(evaluation.count), Double(evaluation.count)]
            + confusion.counts.joined().map(Double.init)
        try group.sum(&sums)
        confusion.counts = (0..<classes).map { t in (0..<classes).map { p in Int(sums[2 + t * classes + p]) } }
        let count = max(sums[1], 1)
        return (sums[0] / count, Double(confusion.correct) / count, confusion)
    }

    /// `order-epoch<E>-rank<R>.txt` in `folder`: the sample ids this process trained on, in order; and
    /// `state-epoch<E>-rank<R>.txt`: the digest of its weights and optimizer state after the epoch (before rank 0's
    /// buffers are shared), which is the same on every process when they stayed in step.
    func writeTrace(_ ids: [String], network: Network, optimizer: Optimizer, epoch: Int, rank: Int, folder: String) throws {
        var state = Digest64()
        state.add(network, optimizer)
        try write(ids.map { $0 + "\n" }.joined(), to: "order-epoch\(epoch)-rank\(rank).txt", in: folder)
        try write(String(state.value, radix: 16) + "\n", to: "state-epoch\(epoch)-rank\(rank).txt", in: folder)
    }

    private func write(_ text: String, to name: String, in folder: String) throws {
        let path = (folder as NSString).appendingPathComponent(name)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw TrainingError.log(path: path, reason: readableReason(error))
        }
    }
}

extension EpochShard {
    /// A process's part of a training epoch (padded, so every process takes the same steps).
    static func training(_ group: any TrainingGroup) -> EpochShard {
        EpochShard(rank: group.rank, count: group.worldSize, padded: true)
    }
}

/// A 64-bit digest that is the same in every process and on every machine (unlike `Hasher`): the start of a
/// SHA-256 through the cache key's swift-crypto wrapper.
struct Digest64 {
    private var hasher = SpikeCache.SHA256()

    init() {}
    init(_ text: String) { add(text) }
    init(_ data: Data) { hasher.update(data) }

    mutating func add(_ text: String) { hasher.update(text.utf8) }
    mutating func add(_ number: UInt64) { withUnsafeBytes(of: number.littleEndian) { hasher.update($0) } }
    mutating func add(_ floats: [Float]) { floats.withUnsafeBytes { hasher.update($0) } }

    /// The weights, the optimizer's step count and its moments.
    mutating func add(_ network: Network, _ optimizer: Optimizer) {
        add(UInt64(optimizer.step))
        for p in network.parameters { add(p.value) }
        for (name, moments) in optimizer.state.first.sorted(by: { $0.key < $1.key }) { add(name); add(moments) }
        for (name, moments) in optimizer.state.second.sorted(by: { $0.key < $1.key }) { add(name); add(moments) }
    }

    /// The first 8 bytes of the SHA-256, little-endian.
    var value: UInt64 { hasher.finalize().prefix(8).enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * $1.offset) } }
}
