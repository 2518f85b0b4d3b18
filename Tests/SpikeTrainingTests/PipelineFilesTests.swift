import Foundation
import SpikeAudio
import SpikeEvents
import SpikeNet
import SpikeTestSupport
import SpikeTraining
import SpikeTransforms
import Testing

/// Every `pipelines/*.yaml` parses, and its network builds for its dataset's input and runs a first step.
@Suite("pipelines/*.yaml")
struct PipelineFilesTests {
    static let folder = RepoPaths.root + "/pipelines"
    static let files: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
        .filter { $0.hasSuffix(".yaml") }.sorted()

    /// The per-time-step input `[C, H, W]` each dataset's cache has (the readers' sensors, after the pipeline's
    /// `transforms:`).
    static func inputShape(_ config: PipelineConfig) throws -> [Int] {
        let reader: SensorSize = switch config.dataset.name {
        case .nmnist, .syntheticNMNIST: .nmnist
        case .dvsgesture, .cifar10dvs: .dvs128
        case .speechcommands: AudioEventEncoding().sensorSize
        default: config.dataset.name.descriptor.sensorSize  // no pipeline reads the newer datasets yet
        }
        let sensor = try PreCacheTransforms(specs: config.transforms).outputSensor(for: reader)
        let channels = config.binning.mergePolarities == true ? 1 : sensor.polarities
        return [channels, sensor.height, sensor.width]
    }

    @Test func theSeedSetupsAreAllThere() {
        for name in ["bpsa-cifar10dvs", "bpsa-dvsgesture", "bpsa-nmnist", "bpsa-speechcommands", "mt-nmnist-cnn",
                     "mt-nmnist-mlp", "stbp-nmnist-mlp", "synthetic-stbp", "tssl-nmnist"] {
            #expect(Self.files.contains(name + ".yaml"), "pipelines/\(name).yaml is missing")
        }
    }

    @Test(arguments: files)
    func parsesBuildsAndSteps(_ file: String) throws {
        let config = try PipelineConfig.load(path: Self.folder + "/" + file)
        #expect(config.name + ".yaml" == file, "the name inside \(file) should match its file name")
        let shape = try Self.inputShape(config)
        var network = try Network(config.networkConfig(inputShape: shape))
        let outputs = network.outputShape.reduce(1, *)
        #expect(outputs == classCount(config), "\(file): \(outputs) outputs")
        // One training step on one sample of two all-ones time steps: the network runs forward and backward.
        let input = Tensor(shape: [1, 2] + shape, data: [Float](repeating: 1, count: 2 * shape.reduce(1, *)))
        var optimizer = config.optimizer.optimizer(schedule: config.schedule.schedule(epochs: config.epochs, stepsPerEpoch: 1))
        let step = try network.trainStep(input, labels: [0], optimizer: &optimizer)
        #expect(step.count == 1 && step.loss.isFinite)
    }

    func classCount(_ config: PipelineConfig) -> Int {
        switch config.dataset.name {
        case .nmnist, .syntheticNMNIST, .cifar10dvs: 10
        case .dvsgesture: 11
        case .speechcommands: config.dataset.task == .twelve ? 12 : 35
        default: config.dataset.name.descriptor.classNames.count
        }
    }
}
