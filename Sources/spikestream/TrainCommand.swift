import ArgumentParser
import Foundation
import SpikeCache
import SpikeNet
import SpikeTraining

struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the SNN of a pipeline YAML: build or reuse its cache, train, test and checkpoint every epoch.",
        discussion: """
            The pipeline (pipelines/NAME.yaml, schema in docs/PIPELINES.md) names the dataset, transforms, \
            binning, cache, network, neuron, learning rule, loss, optimizer and schedule. The cache is built with \
            the same code as `preprocess` (synthetic-nmnist is generated first when absent) and reused when it is \
            up to date; with augment: it also stores each sample's events, and every epoch augments and re-bins the \
            training samples from them (seeded: resuming reproduces the same data). Each epoch streams the \
            training split in a seeded shuffled order, tests on the cached test frames (never augmented), \
            writes the checkpoint (model + optimizer state, crash-safe) and appends one JSON line to the log. \
            Under a launcher (torchrun, srun, an indexed Job: WORLD_SIZE > 1 with RANK, MASTER_ADDR, MASTER_PORT) \
            it is one process of a data-parallel run: batch_size per process, gradients averaged over the \
            processes, rank 0 alone writing (docs/DISTRIBUTED.md; needs the libtorch build).
            """)

    @Option(help: "Pipeline YAML.") var pipeline: String
    @Option(help: "Total epochs (default: the pipeline's epochs).") var epochs: Int?
    @Flag(help: "Continue from the checkpoint's last epoch with its weights and optimizer state (settings changed since are listed).")
    var resume = false
    @Flag(help: "Train from scratch even when the output already holds a model: replace it and its log.")
    var overwrite = false
    @Option(help: "Write model.h5 and log.jsonl here (default: the pipeline's checkpoint/log, else runs/NAME/).")
    var out: String?
    @Option(help: "Training memory (default: the pipeline's memory:, else auto): keep every activation for the backward pass, recompute the Conv-spiking blocks there (same gradients, far less memory, one more convolution per block), or auto (recompute only when keeping does not fit).")
    var memory: TrainingMemoryMode?
    @OptionGroup var engine: EngineThreadsOption
    @OptionGroup var device: EngineDeviceOption
    @Flag(help: "Rebuild the cache when the file at its path was built with other settings.") var overwriteCache = false
    @Option(help: "Under a launcher (WORLD_SIZE > 1; docs/DISTRIBUTED.md): seconds the ranks wait for one another to join and in each collective before stopping with an error.")
    var timeout = 300

    func validate() throws {
        if let epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1") }
        if timeout < 1 { throw ValidationError("--timeout must be at least 1 second") }
        if resume && overwrite {
            throw ValidationError("--resume continues the run and --overwrite replaces it: give one of them")
        }
    }

    func run() async throws {
        engine.apply()
        // Under a launcher: join the group first; rank 0 alone prepares the data, prints and writes.
        let group = try LaunchGroup.join(timeout: timeout)
        let leader = (group?.rank ?? 0) == 0
        func say(_ line: String) { if leader { print(line) } }
        var config = try PipelineConfig.load(path: pipeline)
        let chosen = device.chosen(pipeline: config.device)
        if group != nil, let name = chosen.torchName, name != "cpu" { throw LaunchGroup.CPUOnly(device: chosen.name) }
        let backend = try device.backend(threads: engine.threads, pipeline: config.device,
                                         pipelinePrecision: config.precision)
        if let epochs { config.epochs = epochs }
        if let memory { config.memory = memory }
        let cache = config.cachePath
        let paths = config.outputPaths(outDir: out)
        var trainer = Trainer(config: config, cachePath: cache, checkpointPath: paths.checkpoint, logPath: paths.log,
                              createdBy: "spikestream \(SpikeStreamVersion.string)")
        trainer.makeBackend = backend
        if !leader { trainer.progressSink = { _, _ in } }
        trainer.sampleOrderFolder = ProcessInfo.processInfo.environment["SPIKESTREAM_SAMPLE_ORDER"]
        let from = try trainer.start(resume: resume, overwrite: overwrite)
        if case let .resume(checkpoint, changes) = from {
            say(Self.describeResume(checkpoint: paths.checkpoint, done: checkpoint.epoch, epochs: config.epochs,
                                    changes: changes))
            if checkpoint.epoch == config.epochs { return }
        }
        if leader {
            if try await config.dataset.prepareSynthetic() {
                print("train: generated synthetic digits in \(config.dataset.root)")
            }
            if !overwriteCache { try config.checkExistingCacheStoresEvents() }
            print(try await PreprocessCommand.preprocess(
                dataset: try DatasetOptions(config.dataset), out: cache, binning: config.binning.frameBinning,
                workers: config.cache.workers ?? ProcessInfo.processInfo.activeProcessorCount,
                level: config.cache.level ?? Zstd.defaultLevel, onError: config.cache.onError ?? .failFast,
                overwrite: overwriteCache, transforms: config.transforms, storeEvents: config.storesEvents))
            try group?.setFlag(LaunchGroup.cacheBuilt)
        } else {
            try group?.waitForFlag(LaunchGroup.cacheBuilt, timeout: LaunchGroup.cacheWait)
        }
        let start = ContinuousClock.now
        let held = config.evaluate.rawValue
        let log: [EpochRecord]
        do {
            log = try await trainer.run(from: from, group: group) { r in
                say(String(format: "epoch %d/%d  train loss %.4f acc %.2f%%  ", r.epoch, config.epochs, r.trainLoss,
                           100 * r.trainAccuracy)
                    + held + String(format: " loss %.4f acc %.2f%% (balanced %.2f%%)  %.0f samples/s  lr %.3g  %.1f s",
                                    r.testLoss, 100 * r.testAccuracy, 100 * r.testBalancedAccuracy, r.samplesPerS,
                                    r.learningRate, r.seconds))
            }
        } catch {
            throw StoppedRun(cause: error, checkpoint: paths.checkpoint)
        }
        guard let last = log.last else { return }
        say("train: \(log.count) epochs, last \(held) accuracy "
            + String(format: "%.2f%%, best %.2f%% (%.1f s this run)", 100 * last.testAccuracy,
                     100 * (log.map(\.testAccuracy).max() ?? 0), (ContinuousClock.now - start).seconds))
        let names = (try? CacheReader(path: cache))?.classNames
        say("per-class \(held) accuracy, last epoch: " + last.testPerClassAccuracy.enumerated().map { c, accuracy in
            ClassName.of(c, in: names) + " " + (accuracy.map { String(format: "%.1f%%", 100 * $0) } ?? "n/a")
        }.joined(separator: ", "))
        say("model:  \(paths.checkpoint)\nlog:    \(paths.log)")
        if let group, group.reductionWait.steps > 0 {
            let wait = group.reductionWait
            say(String(format: "train: %d ranks; rank 0 waited %.1f ms per step for the gradient all-reduce (%d steps)",
                       group.worldSize, (wait.waited / wait.steps).seconds * 1000, wait.steps))
        }
    }

    /// What `--resume` found: the checkpoint's epoch, what is left to train and the settings changed since.
    static func describeResume(checkpoint: String, done: Int, epochs: Int, changes: [String]) -> String {
        var lines = [done == epochs
            ? "train: '\(checkpoint)' already holds all \(epochs) epochs; nothing to train (pass --epochs \(epochs + 1) or more to train further)."
            : "train: resuming '\(checkpoint)' after epoch \(done): epochs \(done + 1)–\(epochs) to train."]
        if !changes.isEmpty {
            lines.append("train: settings changed since that checkpoint" + (done == epochs ? "" : " (they apply from epoch \(done + 1))")
                         + ": " + changes.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
