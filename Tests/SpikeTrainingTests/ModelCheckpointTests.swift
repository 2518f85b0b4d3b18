import Foundation
import SpikeCache
import SpikeModel
import SpikeNet
import SpikeTestSupport
@testable import SpikeTraining
import Testing

@Suite("Model checkpoints")
struct ModelCheckpointTests {
    /// A small conv + BatchNorm network after two Adam steps, so weights, running statistics and both moments
    /// hold non-trivial values.
    static func trainedNetwork() throws -> (PipelineConfig, Network, Optimizer) {
        var pipeline = PipelineConfig(name: "tiny", dataset: DatasetSection(name: .syntheticNMNIST, root: "data/tiny"),
                                      network: NetworkSection(spec: "4C3-3", batchNorm: true))
        pipeline.optimizer = OptimizerSection(kind: .adamw, lr: 0.01)
        let config = NetworkConfig(spec: "4C3-3", inputShape: [2, 5, 5], neuron: .lif(LIF()), rule: .stbp(STBP()),
                                   loss: .rateMSE, batchNorm: true, seed: 7)
        var net = try Network(config)
        var optimizer = pipeline.optimizer.optimizer(schedule: Schedule())
        var random = NetRandom(seed: 3)
        for _ in 0..<2 {
            let input = Tensor(shape: [4, 3, 2, 5, 5], data: (0..<600).map { _ in random.uniform(0, 1) < 0.4 ? 1 : 0 })
            _ = try net.trainStep(input, labels: [0, 1, 2, 1], optimizer: &optimizer)
        }
        return (pipeline, net, optimizer)
    }

    static func bits(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }

    @Test("write → read gives bit-identical parameters, moments, step and configs")
    func roundTrip() throws {
        let (pipeline, net, optimizer) = try Self.trainedNetwork()
        let path = try RepoPaths.temporaryDirectory("checkpoint") + "/run/model.h5"
        let saved = try ModelCheckpoint(pipeline: pipeline, network: net, epoch: 2, optimizer: optimizer.state,
                                        createdBy: "tests")
        try saved.write(to: path)
        #expect(!FileManager.default.fileExists(atPath: path + ".partial"))

        let loaded = try ModelCheckpoint.read(path: path)
        #expect(try loaded.pipeline == pipeline)
        #expect(loaded.network == net.config)
        #expect(loaded.epoch == 2)
        #expect(loaded.classCount == 3)
        #expect(loaded.createdBy == "tests")
        #expect(loaded.optimizer.step == 2)
        #expect(loaded.optimizer.first.mapValues(Self.bits) == optimizer.state.first.mapValues(Self.bits))
        #expect(loaded.optimizer.second.mapValues(Self.bits) == optimizer.state.second.mapValues(Self.bits))
        #expect(loaded.optimizer.first.count == 6)  // conv, BN γ/β, dense: not the BN running statistics

        let rebuilt = try loaded.makeNetwork()
        let names = net.parameters.map(\.name)
        #expect(rebuilt.parameters.map(\.name) == names)
        #expect(names.contains("layer0.bn.running_var"))
        for (a, b) in zip(rebuilt.parameters, net.parameters) {
            #expect(a.shape == b.shape)
            #expect(Self.bits(a.value) == Self.bits(b.value), "parameter \(a.name)")
        }
    }

    @Test("a file that is not a model is refused with its format named")
    func wrongFormat() throws {
        let path = try RepoPaths.temporaryDirectory("checkpoint") + "/other.h5"
        try HDF5ArrayFile(strings: ["format": "spikestream-cache"]).write(to: path)
        #expect(throws: CheckpointError.self) { try ModelCheckpoint.read(path: path) }
        do { _ = try ModelCheckpoint.read(path: path) } catch {
            #expect(error.description.contains("'spikestream-cache'"))
        }
    }

    @Test("h5py reads the attributes, the config JSON and the parameter datasets",
          .enabled(if: H5py.available, H5py.skipReason))
    func h5pyReadsCheckpoint() throws {
        let (pipeline, net, optimizer) = try Self.trainedNetwork()
        let path = try RepoPaths.temporaryDirectory("checkpoint") + "/model.h5"
        try ModelCheckpoint(pipeline: pipeline, network: net, epoch: 1, optimizer: optimizer.state,
                            createdBy: "tests").write(to: path)
        let script = """
            import h5py, json, sys
            f = h5py.File(sys.argv[1], "r")
            a = f.attrs
            config = json.loads(a["config"])
            network = json.loads(a["network"])
            w = f["parameters/layer0.weight"]
            print(a["format"].decode(), int(a["format_version"]), int(a["epoch"]), config["name"], config["network"]["spec"],
                  network["spec"], w.dtype, list(w.shape), "%.9g" % float(w[0, 0, 0, 0]), len(f["parameters"]),
                  len(f["optimizer_first"]))
            """
        let (status, output) = try H5py.run(["-c", script, path])
        #expect(status == 0, "\(output)")
        let w = net.parameters[0].value[0]
        let expected = "spikestream-model 1 1 tiny 4C3-3 4C3-3 float32 [4, 2, 3, 3] \(String(format: "%.9g", w)) 8 6"
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == expected)
    }
}
