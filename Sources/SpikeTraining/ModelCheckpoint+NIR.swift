import Foundation
import SpikeModel
import SpikeNet
import SpikeNIR
import SpikeTransforms

/// What a NIR graph does not carry and a model file needs: the dataset (so the recordings' format), the
/// deterministic transforms and the binning that make its input frames, and how frames enter the network.
public struct NIRPipeline: Sendable {
    public var dataset: DatasetName
    public var transforms: [String]
    public var binning: FrameBinning
    public var input: NetworkSection.Input

    public init(dataset: DatasetName, transforms: [String] = [], binning: FrameBinning, input: NetworkSection.Input = .binary) {
        self.dataset = dataset
        self.transforms = transforms
        self.binning = binning
        self.input = input
    }
}

extension ModelCheckpoint {
    /// Whether `path` names a NIR graph (by its `.nir` extension) rather than a SpikeStream model file.
    public static func isNIR(path: String) -> Bool { (path as NSString).pathExtension.lowercased() == "nir" }

    /// A model file's contents for the NIR graph at `path`, run by the engine as `NIRNetwork` maps it, with the
    /// data pipeline `pipeline` (epoch 0, no optimizer state).
    public static func importing(nir path: String, pipeline: NIRPipeline) throws -> ModelCheckpoint {
        let imported = try NIRNetwork(NIRFile.read(path: path))
        let network: Network
        do { network = try imported.makeNetwork() } catch {
            throw NIRError.graphShape(reason: "its layers do not fit together: \(error)")
        }
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        var config = PipelineConfig(name: "nir-" + name, dataset: DatasetSection(name: pipeline.dataset),
                                    network: NetworkSection(spec: imported.spec, input: pipeline.input))
        config.transforms = pipeline.transforms
        config.binning = BinningSection(pipeline.binning)
        config.neuron = try NeuronSection(imported.neuron)
        config.rule = try JSONDecoder().decode(RuleSection.self, from: Data(#"{"kind":"\#(imported.config.rule.kind)"}"#.utf8))
        return try ModelCheckpoint(pipelineJSON: config.json(), network: network, epoch: 0,
                                   optimizer: OptimizerState(step: 0), createdBy: "spikestream import (NIR \(path))")
    }
}

extension BinningSection {
    /// The section that reads back as `binning`.
    init(_ binning: FrameBinning) {
        self.init()
        if let representation = binning.representation {
            self.representation = representation
            return
        }
        switch binning.slicing {
        case .nTimeBins(let t): timeBins = t
        case .nEventBins(let t): eventBins = t
        case .timeWindow(let w): timeWindow = w
        case .eventCount(let c): eventCount = c
        }
        overlap = binning.overlap
        dropIncomplete = binning.dropIncomplete
        start = binning.start
        end = binning.end
        mergePolarities = binning.mergePolarities
        dtype = binning.dtype
        compat = binning.compat
    }
}

extension NeuronSection {
    /// The `neuron:` section of an imported neuron (the kinds a NIR graph maps to).
    init(_ neuron: Neuron) throws {
        var fields: [String: String] = ["kind": "\"\(neuron.kind)\""]
        switch neuron.model {
        case let n as LIF: fields.merge(["decay": "\(n.decay)", "threshold": "\(n.threshold)", "reset": "\"\(n.reset.rawValue)\""]) { $1 }
        case let n as IF: fields.merge(["threshold": "\(n.threshold)", "reset": "\"\(n.reset.rawValue)\""]) { $1 }
        case let n as SynapticLIF:
            fields.merge(["tau_m": "\(n.tauM)", "tau_s": "\(n.tauS)", "threshold": "\(n.threshold)",
                          "reset": "\"\(n.reset.rawValue)\""]) { $1 }
        default: break
        }
        let json = "{" + fields.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
        self = try JSONDecoder().decode(NeuronSection.self, from: Data(json.utf8))
    }
}
