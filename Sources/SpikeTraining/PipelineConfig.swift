import Foundation
import SpikeEvents
import SpikeModel
import SpikeNet
import SpikeTransforms
import Yams

/// A whole training pipeline as written in `pipelines/NAME.yaml` (schema: docs/PIPELINES.md): dataset,
/// transforms, binning, cache, network, neuron, rule, loss, optimizer, schedule and run settings. A value; its
/// JSON (same snake_case keys) travels inside every checkpoint so a model knows how its input was made.
public struct PipelineConfig: Sendable, Codable, Hashable {
    public var name: String
    public var dataset: DatasetSection
    /// Deterministic event transforms before binning (`preprocess --transform` specs; part of the cache key).
    public var transforms: [String]
    /// Random event augmentations after the cache (specs), applied to the training split every epoch to the events
    /// the cache stores (`storesEvents`), then binned again; the test split is evaluated on the cached frames.
    public var augment: [String]
    public var binning: BinningSection
    public var cache: CacheSection
    public var network: NetworkSection
    public var neuron: NeuronSection
    public var rule: RuleSection
    public var loss: LossSection
    public var optimizer: OptimizerSection
    public var schedule: ScheduleSection
    public var epochs: Int
    public var batchSize: Int
    /// Keep every activation for the backward pass, recompute Conv-spiking blocks, or choose by the memory
    /// available (`TrainingMemoryMode`).
    public var memory: TrainingMemoryMode
    /// Where training and the per-epoch test run (`train --device` overrides it; nil: the CPU engine).
    public var device: ComputeDevice?
    /// The arithmetic of a libtorch device's convolutions and GEMMs (`train --precision` overrides it; nil: fp32).
    public var precision: ComputePrecision?
    public var seed: UInt64
    /// The split evaluated after every epoch (its loss and accuracy are the log's `test_*` values).
    public var evaluate: EvaluationSplit
    /// Checkpoint file (default `runs/NAME/model.h5`).
    public var checkpoint: String?
    /// Training log, JSON lines (default `runs/NAME/log.jsonl`).
    public var log: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, dataset, transforms, augment, binning, cache, network, neuron, rule, loss, optimizer, schedule
        case epochs, seed, evaluate, checkpoint, log, memory, device, precision
        case batchSize = "batch_size"
    }

    public init(name: String, dataset: DatasetSection, network: NetworkSection) {
        self.name = name
        self.dataset = dataset
        transforms = []
        augment = []
        binning = BinningSection()
        cache = CacheSection()
        self.network = network
        neuron = NeuronSection()
        rule = RuleSection()
        loss = LossSection()
        optimizer = OptimizerSection()
        schedule = ScheduleSection()
        epochs = 10
        batchSize = 32
        memory = .auto
        seed = 1
        evaluate = .test
    }

    public init(from decoder: any Decoder) throws {
        let c = try ConfigSection(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        self.init(name: try c.required("name", String.self, expected: "a text"),
                  dataset: try c.required("dataset", DatasetSection.self, expected: "a mapping"),
                  network: try c.required("network", NetworkSection.self, expected: "a mapping"))
        transforms = try c.optional("transforms", [String].self, expected: "a list of transform specs") ?? []
        augment = try c.optional("augment", [String].self, expected: "a list of transform specs") ?? []
        binning = try c.optional("binning", BinningSection.self, expected: "a mapping") ?? binning
        cache = try c.optional("cache", CacheSection.self, expected: "a mapping") ?? cache
        neuron = try c.optional("neuron", NeuronSection.self, expected: "a mapping") ?? neuron
        rule = try c.optional("rule", RuleSection.self, expected: "a mapping") ?? rule
        loss = try c.optional("loss", LossSection.self, expected: "a kind or a mapping") ?? loss
        optimizer = try c.optional("optimizer", OptimizerSection.self, expected: "a mapping") ?? optimizer
        schedule = try c.optional("schedule", ScheduleSection.self, expected: "a mapping") ?? schedule
        epochs = try c.number("epochs", Int.self, allowed: "≥ 1") { $0 >= 1 } ?? epochs
        batchSize = try c.number("batch_size", Int.self, allowed: "≥ 1") { $0 >= 1 } ?? batchSize
        memory = try c.choice("memory", TrainingMemoryMode.self) ?? memory
        device = try c.optional("device", ComputeDevice.self, expected: ComputeDevice.allowed)
        precision = try c.choice("precision", ComputePrecision.self)
        seed = try c.optional("seed", UInt64.self, expected: "a non-negative integer") ?? seed
        evaluate = try c.choice("evaluate", EvaluationSplit.self) ?? evaluate
        checkpoint = try c.optional("checkpoint", String.self, expected: "a file path")
        log = try c.optional("log", String.self, expected: "a file path")
        try validateTransforms()
        guard rule.value.supports(neuron.value) else {
            throw PipelineConfigError.invalid(
                key: "rule.kind", reason: "\(rule.kind) cannot train \(neuron.kind) neurons; pair "
                    + LearningRule.pairings)
        }
    }

    /// Parses pipeline YAML text; `source` names it in errors.
    public static func parse(yaml: String, source: String = "<yaml>") throws(PipelineConfigError) -> PipelineConfig {
        do {
            return try YAMLDecoder().decode(PipelineConfig.self, from: yaml)
        } catch let error as PipelineConfigError {
            throw error
        } catch {
            if let syntax = PipelineConfigError(yamlSyntax: error, source: source) { throw syntax }
            if let error = error as? DecodingError { throw PipelineConfigError(error) }
            throw .syntax(path: source, reason: "\(error)")
        }
    }

    /// Reads `pipelines/NAME.yaml` (or any path).
    public static func load(path: String) throws(PipelineConfigError) -> PipelineConfig {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw .fileMissing(path: path) }
        return try parse(yaml: text, source: path)
    }

    /// The config as compact JSON with sorted keys (the checkpoint's `config` attribute).
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The inverse of `json()`.
    public static func fromJSON(_ text: String) throws(PipelineConfigError) -> PipelineConfig {
        try PipelineConfigError.decodeJSON(PipelineConfig.self, from: text)
    }

    /// What a model trained by this pipeline carries into inference (what `ModelCheckpoint.config` reads back).
    public var model: ModelConfig {
        ModelConfig(dataset: ModelConfig.Dataset(name: dataset.name, orientation: dataset.orientation),
                    transforms: transforms, binning: binning, network: network)
    }

    /// The pre-cache transforms (deterministic only).
    public var preCacheTransforms: PreCacheTransforms {
        get throws(PipelineConfigError) { try model.preCacheTransforms }
    }

    /// The augmentations that run after the cache, on the training split.
    public var postCacheTransforms: PostCacheTransforms {
        get throws(PipelineConfigError) {
            do { return try PostCacheTransforms(specs: augment) } catch {
                throw .invalid(key: "augment", reason: error.description)
            }
        }
    }

    /// Where the checkpoint and log go: the config's paths, or `runs/NAME/…`, or `DIR/…` when `outDir` is given.
    public func outputPaths(outDir: String? = nil) -> (checkpoint: String, log: String) {
        if let outDir { return ((outDir as NSString).appendingPathComponent("model.h5"),
                                (outDir as NSString).appendingPathComponent("log.jsonl")) }
        let dir = "runs/\(name)"
        return (checkpoint ?? dir + "/model.h5", log ?? dir + "/log.jsonl")
    }

    private func validateTransforms() throws(PipelineConfigError) {
        _ = try preCacheTransforms
        _ = try postCacheTransforms
    }
}

/// Which held-out split `train` evaluates after every epoch: `test` (default, what the seed papers report per
/// epoch) or `validation` (for model selection where the dataset has one, e.g. Speech Commands), keeping the
/// test split for a final `infer`.
public enum EvaluationSplit: String, Sendable, Codable, Hashable, CaseIterable {
    case test, validation

    public var split: Split { self == .test ? .test : .validation }
}
