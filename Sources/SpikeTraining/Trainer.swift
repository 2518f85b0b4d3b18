import Foundation
import SpikeCache
import SpikeEvents
import SpikeModel
import SpikeNet
import SpikePipeline

/// Trains the network of a pipeline on a built cache: per epoch, the training split in a seeded shuffled
/// order through the async pipeline (augmented from the stored events when the pipeline has `augment:`, seeded
/// by the config seed, the epoch and the sample), one optimizer step per batch, then a pass over the cached test
/// frames; after every epoch a checkpoint (model + optimizer state) and one JSON line in the log. `resume`
/// continues from the checkpoint's epoch with its weights and optimizer state, so 1 + 1 epochs equal 2 epochs.
public struct Trainer: Sendable {
    public var config: PipelineConfig
    public var cachePath: String
    public var checkpointPath: String
    public var logPath: String
    public var createdBy: String
    /// Receives progress lines (`ProgressReporter`'s sink; `nil` = stderr).
    public var progressSink: (@Sendable (String, Bool) -> Void)?
    /// Bytes training may use; nil = what the system has available when training starts.
    public var memoryBudget: Int?
    /// Another compute backend for the training steps (`--device torch-cpu|cuda`), made from the network and the
    /// optimizer once training starts; nil = the CPU engine. Evaluation and checkpoints stay on the CPU engine. Under
    /// a launcher its steps split around the gradients' reduction on its device (`DataParallelBackend`).
    public var makeBackend: (@Sendable (Network, Optimizer) throws -> any DataParallelBackend)?
    /// A folder where each epoch's training order is written, one sample id a line, per process
    /// (`order-epoch<E>-rank<R>.txt`: how a data-parallel run split the data), with the digest of the process's
    /// weights and optimizer state after the epoch (`state-epoch<E>-rank<R>.txt`). nil = not written.
    public var sampleOrderFolder: String?

    public init(config: PipelineConfig, cachePath: String, checkpointPath: String, logPath: String,
                createdBy: String, progressSink: (@Sendable (String, Bool) -> Void)? = nil) {
        self.config = config
        self.cachePath = cachePath
        self.checkpointPath = checkpointPath
        self.logPath = logPath
        self.createdBy = createdBy
        self.progressSink = progressSink
    }

    /// Where the run starts, checked before any work: without `resume` an existing checkpoint is refused unless
    /// `overwrite` (it would be replaced, its log too); with `resume` the checkpoint must exist and hold no more
    /// epochs than `config.epochs`, and the settings changed since it was trained are listed.
    public func start(resume: Bool, overwrite: Bool = false) throws -> TrainingStart {
        let exists = FileManager.default.fileExists(atPath: checkpointPath)
        guard resume else {
            guard !exists || overwrite else {
                throw TrainingError.runExists(checkpoint: checkpointPath,
                                              epochs: (try? ModelCheckpoint.read(path: checkpointPath))?.epoch)
            }
            return .fresh
        }
        guard exists else { throw TrainingError.nothingToResume(checkpoint: checkpointPath) }
        let checkpoint = try ModelCheckpoint.read(path: checkpointPath)
        guard checkpoint.epoch <= config.epochs else {
            throw TrainingError.fewerEpochsThanCheckpoint(checkpoint: checkpointPath, done: checkpoint.epoch,
                                                          asked: config.epochs)
        }
        return .resume(checkpoint, changes: try config.changes(since: checkpoint.pipeline))
    }

    /// Trains until `config.epochs` epochs are done, from where `start(resume:)` says; calls `onEpoch` after each
    /// one and returns the whole log, resumed epochs included.
    public func run(resume: Bool = false, onEpoch: (EpochRecord) -> Void = { _ in }) async throws -> [EpochRecord] {
        try await run(from: start(resume: resume), onEpoch: onEpoch)
    }

    /// Trains until `config.epochs` epochs are done from `start`; calls `onEpoch` after each one and returns the
    /// whole log, resumed epochs included. With `group`, this process is one of a data-parallel run: it trains on
    /// its `EpochShard` of each epoch with `batch_size` samples per step (the global batch is `batch_size` × world
    /// size), its gradients averaged over the group; only rank 0 writes the checkpoint and the log.
    public func run(from start: TrainingStart, group: (any TrainingGroup)? = nil,
                    onEpoch: (EpochRecord) -> Void = { _ in }) async throws -> [EpochRecord] {
        let reader = try CacheReader(path: cachePath)
        let held = config.evaluate.split
        let train = try trainingBatches(reader), test = batches(reader, held)
        for (split, b) in [(Split.train, train), (held, test)] where b.count == 0 {
            throw TrainingError.noSamples(cache: cachePath, split: "\(split)")
        }
        let networkConfig = config.networkConfig(inputShape: train.inputShape)
        let perProcess = group.map { EpochShard.training($0).size(of: train.count) } ?? train.count
        let stepsPerEpoch = (perProcess + config.batchSize - 1) / config.batchSize
        var optimizer = config.optimizer.optimizer(
            schedule: config.schedule.schedule(epochs: config.epochs, stepsPerEpoch: stepsPerEpoch))
        var network: Network
        var log: [EpochRecord] = []
        switch start {
        case let .resume(checkpoint, _):
            guard checkpoint.network == networkConfig else {
                throw TrainingError.resumeMismatch(checkpoint: checkpointPath,
                                                   reason: "it was trained with another network, neuron, rule or loss")
            }
            network = try checkpoint.makeNetwork()
            optimizer.state = checkpoint.optimizer
            optimizer.scheduleOffset = checkpoint.optimizer.step - checkpoint.epoch * stepsPerEpoch
            if optimizer.scheduleOffset != 0 {
                (progressSink ?? ProgressReporter.stderrSink)(
                    "train: the checkpoint took \(checkpoint.optimizer.step) optimizer steps for its \(checkpoint.epoch) "
                        + "epoch(s); this run takes \(stepsPerEpoch) per epoch (another WORLD_SIZE or batch_size): the "
                        + "learning-rate schedule, given in epochs, continues from epoch \(checkpoint.epoch)'s point "
                        + "(step \(checkpoint.epoch * stepsPerEpoch) of this run's layout); the optimizer's own count "
                        + "(Adam's bias correction) goes on from \(checkpoint.optimizer.step)", false)
            }
            log = try previousLog(upTo: checkpoint.epoch)
        case .fresh:
            network = try Network(networkConfig)
        }
        try planMemory(&network, longestSample: max(reader.longestSample(in: .train), reader.longestSample(in: held)),
                       frameSize: train.inputShape.reduce(1, *))
        if let group {
            try checkAgreement(group, cacheKey: reader.cacheKey, network: network, optimizer: optimizer, epoch: log.count)
        }
        let writes = (group?.rank ?? 0) == 0
        if writes { try rewriteLog(log) }
        let backend = try makeBackend?(network, optimizer)
        for epoch in stride(from: log.count + 1, through: config.epochs, by: 1) {
            let record = try await runEpoch(epoch, network: &network, optimizer: &optimizer, backend: backend, group: group,
                                            train: train, test: test)
            if writes {
                try ModelCheckpoint(pipeline: config, network: network, epoch: epoch, optimizer: optimizer.state,
                                    createdBy: createdBy).write(to: checkpointPath)
                try appendLog(record)
            }
            log.append(record)
            onEpoch(record)
        }
        return log
    }

    /// Chooses, before the first batch, whether the network keeps its activations or recomputes its Conv-spiking
    /// blocks (`config.memory`), and refuses a batch size whose training step cannot fit in memory either way
    /// (instead of being killed by the kernel half way through an epoch).
    private func planMemory(_ network: inout Network, longestSample steps: Int, frameSize: Int) throws {
        let budget = memoryBudget ?? SystemMemory.availableBytes()
        // Besides the step itself: the batches the readers are building and the prefetched ones, as floats.
        let waiting = (config.cache.readers ?? 2) + (config.cache.prefetch ?? 2)
        func estimate(recomputing: Bool) -> TrainingMemory {
            network.trainingMemory(timeSteps: steps, recomputingBlocks: recomputing)
                .addingPerSample(waiting * 4 * steps * frameSize)
        }
        let keeping = estimate(recomputing: false).bytes(batch: config.batchSize)
        network.recomputesBlocks = network.hasRecomputableBlocks
            && config.memory.recomputes(keeping: keeping, recomputing: estimate(recomputing: true).bytes(batch: config.batchSize),
                                        budget: budget)
        if network.recomputesBlocks && config.memory == .auto {
            (progressSink ?? ProgressReporter.stderrSink)(
                "train: keeping every activation would need about \(TrainingError.gigabytes(keeping)) of "
                    + "\(TrainingError.gigabytes(budget ?? 0)) available: the Conv-spiking blocks are recomputed in the "
                    + "backward pass instead (same gradients, one more convolution per block; memory: keep refuses)", false)
        }
        let memory = estimate(recomputing: network.recomputesBlocks)
        let need = memory.bytes(batch: config.batchSize)
        guard let budget, need > budget else { return }
        let largest = memory.largestBatch(fitting: budget)
        let recomputing = network.hasRecomputableBlocks && !network.recomputesBlocks
            ? estimate(recomputing: true).largestBatch(fitting: budget) : 0
        throw TrainingError.batchTooLarge(batch: config.batchSize, timeSteps: steps, needBytes: need, budgetBytes: budget,
                                          largestBatch: largest, largestRecomputing: recomputing > largest ? recomputing : nil)
    }

    private func batches(_ reader: CacheReader, _ split: Split) -> CacheBatches {
        CacheBatches(reader: reader, split: split, batchSize: config.batchSize, input: config.network.input,
                     readers: config.cache.readers ?? 2, prefetch: config.cache.prefetch ?? 2)
    }

    /// The training split, augmented per epoch when the pipeline has `augment:` (the test split never is).
    func trainingBatches(_ reader: CacheReader) throws -> CacheBatches {
        var train = batches(reader, .train)
        train.augmentation = try config.trainingAugmentation(for: reader)
        return train
    }

    private func runEpoch(_ epoch: Int, network: inout Network, optimizer: inout Optimizer, backend: (any DataParallelBackend)?,
                          group: (any TrainingGroup)?, train: CacheBatches, test: CacheBatches) async throws -> EpochRecord {
        let start = ContinuousClock.now
        let shard = group.map(EpochShard.training)
        let progress = ProgressReporter(label: "epoch \(epoch)/\(config.epochs)", total: shard?.size(of: train.count) ?? train.count,
                                        sink: progressSink)
        // Under a launcher: the engine's gradients reduced in buckets during its backward pass, or a backend's on its
        // device between its backward pass and its update.
        let reducer = backend == nil ? group?.gradientReducer(for: network) : nil
        let deviceReducer = backend == nil ? nil : group?.deviceGradientReducer
        var lossSum = 0.0, correct = 0, seen = 0
        var order: [String] = []
        var train = train  // a backend that stages its own batches takes them as the cache stores them
        let staged = backend as? any StagedTrainingBackend
        train.staging = staged?.staging
        try await train.forEach(epoch: epoch, seed: config.seed, shuffle: true, shard: shard) { batch in
            if sampleOrderFolder != nil { order += batch.ids }
            let step: StepResult
            if let staged, let input = batch.staged {
                step = try staged.trainStep(staged: input, labels: batch.labels, optimizer: &optimizer, reducer: deviceReducer)
            } else if let reducer {
                step = try network.trainStep(batch.input, labels: batch.labels, optimizer: &optimizer, reducer: reducer)
            } else if let backend, let deviceReducer {
                step = try backend.trainStep(batch.input, labels: batch.labels, optimizer: &optimizer, reducer: deviceReducer)
            } else {
                step = try backend?.trainStep(batch.input, labels: batch.labels, optimizer: &optimizer)
                    ?? network.trainStep(batch.input, labels: batch.labels, optimizer: &optimizer)
            }
            lossSum += Double(step.loss) * Double(step.count)
            correct += step.correct
            seen += step.count
            progress.advance(done: step.count, note: String(format: "loss %.4f  acc %.1f%%", lossSum / Double(seen),
                                                            100 * Double(correct) / Double(seen)))
        }
        let trainSeconds = progress.finish().elapsed
        try backend?.synchronize(&network, &optimizer)
        if let folder = sampleOrderFolder {
            try writeTrace(order, network: network, optimizer: optimizer, epoch: epoch, rank: group?.rank ?? 0, folder: folder)
        }
        if let group {
            (lossSum, correct, seen) = try Self.sum(lossSum, correct, seen, over: group)
            try shareBuffers(&network, group)
        }
        let evaluation = try await evaluate(&network, on: test, group: group, backend: backend as? any InferenceBackend)
        let confusion = evaluation.confusion
        let lastStep = max(optimizer.step - optimizer.scheduleOffset - 1, 0)
        return EpochRecord(
            epoch: epoch, trainLoss: lossSum / Double(max(seen, 1)), trainAccuracy: Double(correct) / Double(max(seen, 1)),
            testLoss: evaluation.loss, testAccuracy: evaluation.accuracy,
            testBalancedAccuracy: confusion.balancedAccuracy, testPerClassAccuracy: confusion.perClassAccuracy,
            samplesPerS: Double(seen) / max(trainSeconds, 1e-9),
            learningRate: Self.decimal(optimizer.schedule.factor(base: optimizer.learningRate, step: lastStep)),
            seconds: (ContinuousClock.now - start).seconds)
    }

    /// The Float as the Double it prints as (0.001, not 0.0010000000474974513), for the JSON log.
    static func decimal(_ value: Float) -> Double { Double("\(value)") ?? Double(value) }

    /// The log lines of the epochs the checkpoint already holds.
    private func previousLog(upTo epoch: Int) throws -> [EpochRecord] {
        let records = FileManager.default.fileExists(atPath: logPath) ? try EpochRecord.readLog(path: logPath) : []
        let kept = records.prefix(epoch)
        guard kept.count == epoch, kept.enumerated().allSatisfy({ $0.element.epoch == $0.offset + 1 }) else {
            throw TrainingError.resumeMismatch(checkpoint: checkpointPath,
                                               reason: "the log '\(logPath)' does not hold its \(epoch) epochs")
        }
        return Array(kept)
    }

    private func rewriteLog(_ records: [EpochRecord]) throws {
        let folder = (logPath as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder.isEmpty ? "." : folder, withIntermediateDirectories: true)
            let text = try records.map { try $0.jsonLine() + "\n" }.joined()
            try text.write(toFile: logPath, atomically: true, encoding: .utf8)
        } catch {
            throw TrainingError.log(path: logPath, reason: readableReason(error))
        }
    }

    private func appendLog(_ record: EpochRecord) throws {
        do {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data((try record.jsonLine() + "\n").utf8))
        } catch {
            throw TrainingError.log(path: logPath, reason: readableReason(error))
        }
    }
}

extension PipelineConfig {
    /// The engine's network configuration for frames of `inputShape` `[C, H, W]`.
    public func networkConfig(inputShape: [Int]) -> NetworkConfig {
        let neuron = self.neuron.value
        return NetworkConfig(spec: network.spec, inputShape: inputShape, neuron: neuron, rule: rule.value,
                             loss: loss.loss(neuron: neuron), lossOptions: loss.options, batchNorm: network.batchNorm,
                             initGain: network.initGain, samePadding: network.padding == .same, seed: seed)
    }
}
