import Foundation
import SpikeCache
import SpikeEvents
import SpikeNet

/// A trained model on disk: one HDF5 file with root attributes `format` = "spikestream-model",
/// `format_version` = 1, `config` (the pipeline as JSON), `network` (the `NetworkConfig` as JSON), `epoch`,
/// `class_count`, `created_by`, `optimizer_step`; one float32 dataset per network parameter under
/// `/parameters/`, and the optimizer's moments under `/optimizer_first/` and `/optimizer_second/`, so a run
/// resumes exactly. Written to `NAME.h5.partial` and renamed, so a crash never leaves a torn model. Inference
/// reads `config`, the model's part of the pipeline; SpikeTraining reads the whole pipeline back from `pipelineJSON`.
public struct ModelCheckpoint: Sendable {
    public static let formatName = "spikestream-model"
    public static let formatVersion: Int64 = 1

    /// The pipeline the model was trained with, as the JSON the file keeps in `config`.
    public let pipelineJSON: String
    /// What inference needs of that pipeline (read from `pipelineJSON`).
    public let config: ModelConfig
    public var network: NetworkConfig
    /// Epochs completed when the checkpoint was written.
    public var epoch: Int
    /// Outputs of the network (its last layer's size).
    public var classCount: Int
    public var parameters: [Parameter]
    public var optimizer: OptimizerState
    public var createdBy: String

    /// `pipelineJSON` is the pipeline's JSON (SpikeTraining's `PipelineConfig.json()`); it must hold the keys of
    /// `ModelConfig`.
    public init(pipelineJSON: String, network: Network, epoch: Int, optimizer: OptimizerState,
                createdBy: String) throws(PipelineConfigError) {
        config = try ModelConfig(json: pipelineJSON)
        self.pipelineJSON = pipelineJSON
        self.network = network.config
        self.epoch = epoch
        classCount = network.outputShape.reduce(1, *)
        parameters = network.parameters
        self.optimizer = optimizer
        self.createdBy = createdBy
    }

    /// The network with these weights loaded.
    public func makeNetwork() throws(CheckpointError) -> Network {
        do {
            var net = try Network(network)
            try net.load(parameters)
            return net
        } catch {
            throw .network(error)
        }
    }

    public func write(to path: String) throws(CheckpointError) {
        let networkJSON: String
        do {
            networkJSON = String(decoding: try JSONEncoder().encode(network), as: UTF8.self)
        } catch {
            throw .badConfig(path: path, reason: "\(error)")
        }
        var arrays = parameters.map { NamedFloatArray(name: "parameters/\($0.name)", shape: $0.shape, values: $0.value) }
        for (group, moments) in [("optimizer_first", optimizer.first), ("optimizer_second", optimizer.second)] {
            arrays += moments.sorted { $0.key < $1.key }.map {
                NamedFloatArray(name: "\(group)/\($0.key)", shape: [$0.value.count], values: $0.value)
            }
        }
        let file = HDF5ArrayFile(
            strings: ["format": Self.formatName, "config": pipelineJSON, "network": networkJSON, "created_by": createdBy],
            integers: ["format_version": Self.formatVersion, "epoch": Int64(epoch), "class_count": Int64(classCount),
                       "optimizer_step": Int64(optimizer.step)],
            arrays: arrays)
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder.isEmpty ? "." : folder, withIntermediateDirectories: true)
        } catch {
            throw .file(.io(path: path, operation: "create the folder of", reason: readableReason(error)))
        }
        do { try file.write(to: path) } catch { throw .file(error) }
    }

    /// Reads a checkpoint; the parameters are matched to the network by name in `makeNetwork()`.
    public static func read(path: String) throws(CheckpointError) -> ModelCheckpoint {
        let file: HDF5ArrayFile
        do {
            file = try HDF5ArrayFile.read(path: path)
        } catch {
            // The usual mistake: the cache given where the model goes.
            if (try? CacheReader(path: path)) != nil { throw .isCache(path: path) }
            throw .file(error)
        }
        let format = file.strings["format"] ?? ""
        guard format == formatName else { throw .wrongFormat(path: path, found: format) }
        guard let version = file.integers["format_version"] else { throw .missing(path: path, what: "format_version") }
        guard version == formatVersion else { throw .unsupportedVersion(path: path, found: version) }
        func text(_ name: String) throws(CheckpointError) -> String {
            guard let value = file.strings[name] else { throw .missing(path: path, what: "attribute '\(name)'") }
            return value
        }
        func integer(_ name: String) throws(CheckpointError) -> Int {
            guard let value = file.integers[name] else { throw .missing(path: path, what: "attribute '\(name)'") }
            return Int(value)
        }
        let pipelineJSON = try text("config"), networkJSON = try text("network")
        let config: ModelConfig, network: NetworkConfig
        do {
            config = try ModelConfig(json: pipelineJSON)
            network = try JSONDecoder().decode(NetworkConfig.self, from: Data(networkJSON.utf8))
        } catch {
            throw .badConfig(path: path, reason: "\(error)")
        }
        var parameters: [Parameter] = []
        var state = OptimizerState(step: try integer("optimizer_step"))
        for array in file.arrays {
            let parts = array.name.split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "parameters": parameters.append(Parameter(name: parts[1], shape: array.shape, value: array.values))
            case "optimizer_first": state.first[parts[1]] = array.values
            case "optimizer_second": state.second[parts[1]] = array.values
            default: continue
            }
        }
        guard !parameters.isEmpty else { throw .missing(path: path, what: "/parameters group") }
        return ModelCheckpoint(pipelineJSON: pipelineJSON, config: config, networkConfig: network,
                               epoch: try integer("epoch"), classCount: try integer("class_count"),
                               parameters: parameters, optimizer: state, createdBy: file.strings["created_by"] ?? "")
    }

    private init(pipelineJSON: String, config: ModelConfig, networkConfig: NetworkConfig, epoch: Int, classCount: Int,
                 parameters: [Parameter], optimizer: OptimizerState, createdBy: String) {
        self.pipelineJSON = pipelineJSON
        self.config = config
        network = networkConfig
        self.epoch = epoch
        self.classCount = classCount
        self.parameters = parameters
        self.optimizer = optimizer
        self.createdBy = createdBy
    }
}
