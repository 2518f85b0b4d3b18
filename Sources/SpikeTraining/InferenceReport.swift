import SpikeCache
import SpikeEvents
import SpikeModel
import SpikeNet
import SpikePipeline

/// Firing rate of one spiking layer, named after the synaptic layer that feeds it.
public struct LayerFiringRate: Sendable, Codable, Equatable {
    public var layer: String
    public var rate: Double
}

/// A trained model evaluated on one split of a cache: accuracy, per-class accuracy, confusion matrix, mean
/// firing rate of every spiking layer and the energy estimate of BPSA seed Eq. 1.
public struct InferenceReport: Sendable, Codable, Equatable {
    public var model: String
    public var cache: String
    public var split: String
    public var samples: Int
    public var loss: Double
    public var accuracy: Double
    /// Mean per-class recall (`ConfusionMatrix.balancedAccuracy`).
    public var balancedAccuracy: Double
    public var perClassAccuracy: [Double?]
    public var confusion: ConfusionMatrix
    /// The cache's class names in label order (`nil` for a cache made before they were stored).
    public var classNames: [String]?
    public var firingRates: [LayerFiringRate]
    /// Mean input value per element and time step (spike density for binary input).
    public var inputRate: Double
    public var energy: EnergyEstimate
    /// Every sample's prediction, in cache order (not part of the JSON report; `infer --predictions` writes it).
    public var predictions: [SamplePrediction] = []

    enum CodingKeys: String, CodingKey {
        case model, cache, split, samples, loss, accuracy, confusion, energy
        case perClassAccuracy = "per_class_accuracy", firingRates = "firing_rates", inputRate = "input_rate"
        case balancedAccuracy = "balanced_accuracy", classNames = "class_names"
    }

    /// Runs the model of `modelPath` over `split` of the cache at `cachePath`. A cache binned otherwise than the
    /// model's pipeline is handed to `onOtherBinning` as `TrainingError.binningMismatch`, which refuses it by
    /// default; a caller that goes on anyway (`infer --force`) warns. `backend` makes the device copy of the network
    /// the passes run on (`infer --device`); nil: the CPU engine.
    public static func evaluate(modelPath: String, cachePath: String, split: Split = .test,
                                constants: EnergyConstants = EnergyConstants(),
                                backend: ((Network) throws -> any InferenceBackend)? = nil,
                                onOtherBinning: (TrainingError) throws -> Void = { throw $0 }) async throws -> InferenceReport {
        let reader = try CacheReader(path: cachePath)
        // A NIR graph carries no data pipeline: it is scored on the cache's own frames (its binning, as binary input).
        let checkpoint = ModelCheckpoint.isNIR(path: modelPath)
            ? try ModelCheckpoint.importing(nir: modelPath, pipeline: NIRPipeline(
                dataset: DatasetName(rawValue: reader.attributes[CacheLayout.Attribute.dataset] ?? "") ?? .syntheticNMNIST,
                binning: reader.recordedBinning()))
            : try ModelCheckpoint.read(path: modelPath)
        var network = try checkpoint.makeNetwork()
        let pipeline = try checkpoint.pipeline
        let differences = try SettingChanges.between(reader.recordedBinning(), pipeline.cacheBinning)
        if !differences.isEmpty {
            try onOtherBinning(.binningMismatch(cache: cachePath, model: modelPath, differences: differences))
        }
        let batches = CacheBatches(reader: reader, split: split, batchSize: pipeline.batchSize,
                                   input: pipeline.network.input, readers: pipeline.cache.readers ?? 2,
                                   prefetch: pipeline.cache.prefetch ?? 2)
        guard batches.inputShape == network.config.inputShape else {
            throw TrainingError.inputMismatch(cache: cachePath, cacheShape: batches.inputShape,
                                              networkShape: network.config.inputShape)
        }
        guard batches.count > 0 else { throw TrainingError.noSamples(cache: cachePath, split: "\(split)") }
        let evaluation = try await Evaluation.run(&network, on: batches, backend: try backend?(network))
        let confusion = ConfusionMatrix(labels: evaluation.labels, predictions: evaluation.predictions,
                                        classes: checkpoint.classCount)
        return InferenceReport(
            model: modelPath, cache: cachePath, split: "\(split)", samples: evaluation.count, loss: evaluation.loss,
            accuracy: evaluation.accuracy, balancedAccuracy: confusion.balancedAccuracy,
            perClassAccuracy: confusion.perClassAccuracy, confusion: confusion, classNames: reader.classNames,
            firingRates: zip(spikingLayerNames(network), evaluation.firingRates).map { LayerFiringRate(layer: $0, rate: $1) },
            inputRate: evaluation.inputRate,
            energy: EnergyEstimate(network: network, inputRate: evaluation.inputRate,
                                   firingRates: evaluation.firingRates, timeSteps: evaluation.timeSteps,
                                   constants: constants),
            predictions: evaluation.ids.indices.map {
                SamplePrediction(id: evaluation.ids[$0], label: evaluation.labels[$0], prediction: evaluation.predictions[$0],
                                 output: evaluation.outputs[$0])
            })
    }

    /// Each spiking layer's name: that of the dense or convolutional layer before it (`layer0`, …).
    static func spikingLayerNames(_ network: Network) -> [String] {
        var names: [String] = []
        var last = "input"
        for (layer, shape) in zip(network.layers, network.shapes) {
            if let synapse = EnergyEstimate.synapse(layer, outputShape: shape) { last = synapse.name }
            if layer is SpikingLayer { names.append(last) }
        }
        return names
    }
}
