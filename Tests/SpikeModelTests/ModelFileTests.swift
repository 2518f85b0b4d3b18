import SpikeCache
import SpikeModel
import SpikeNet
import SpikeTestSupport
import Testing

/// The model file without the training module: the pipeline's JSON is kept as written, and of it only the keys
/// inference needs are read.
@Suite("Model file")
struct ModelFileTests {
    /// A pipeline's JSON as training writes it (sorted keys), including keys only training reads.
    static let pipelineJSON = """
        {"augment":[],"batch_size":8,"binning":{"time_window":10000},"cache":{"readers":2},"dataset":{"name":\
        "cifar10dvs","orientation":"jaer","root":"data/c","train_ratio":0.9},"epochs":2,"evaluate":"test","loss":\
        {"kind":"rate_mse"},"name":"tiny","network":{"batch_norm":false,"init_gain":2,"input":"counts","padding":\
        "valid","spec":"8-3"},"neuron":{"kind":"lif"},"optimizer":{"kind":"adam","lr":0.001},"rule":{"kind":\
        "stbp"},"schedule":{"kind":"constant"},"seed":1,"transforms":["denoise:filterTime=10000"]}
        """

    @Test("the model's keys are read and training's are skipped")
    func readsModelKeys() throws {
        let config = try ModelConfig(json: Self.pipelineJSON)
        #expect(config.dataset == ModelConfig.Dataset(name: .cifar10dvs, orientation: .jaer))
        #expect(config.transforms == ["denoise:filterTime=10000"])
        #expect(config.binning.frameBinning.slicing == .timeWindow(10_000))
        #expect(config.network == NetworkSection(spec: "8-3", initGain: 2, input: .counts))
        _ = try config.preCacheTransforms
    }

    @Test("a bad section is refused with its key path")
    func badSection() throws {
        let json = Self.pipelineJSON.replacingOccurrences(of: #""time_window":10000"#,
                                                          with: #""time_window":10000,"time_bins":4"#)
        #expect {
            try ModelConfig(json: json)
        } throws: { error in
            if case .invalid(key: "binning", _) = error as? PipelineConfigError { true } else { false }
        }
    }

    @Test("write → read keeps the pipeline JSON byte for byte, the weights and the network")
    func roundTrip() throws {
        let network = try Network(NetworkConfig(spec: "8-3", inputShape: [2, 4, 4], neuron: .lif(LIF()),
                                                rule: .stbp(STBP()), loss: .rateMSE, seed: 3))
        let path = try RepoPaths.temporaryDirectory("model-file") + "/model.h5"
        try ModelCheckpoint(pipelineJSON: Self.pipelineJSON, network: network, epoch: 1, optimizer: OptimizerState(),
                            createdBy: "tests").write(to: path)
        #expect(try HDF5ArrayFile.read(path: path).strings["config"] == Self.pipelineJSON)
        let loaded = try ModelCheckpoint.read(path: path)
        #expect(loaded.pipelineJSON == Self.pipelineJSON)
        #expect(loaded.config == (try ModelConfig(json: Self.pipelineJSON)))
        #expect(loaded.network == network.config && loaded.classCount == 3)
        let rebuilt = try loaded.makeNetwork()
        #expect(rebuilt.parameters.map(\.value) == network.parameters.map(\.value))
    }
}
