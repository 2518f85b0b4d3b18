import Foundation
import SpikeModel
import SpikeNet
import SpikeNIR
import SpikeTestSupport
import SpikeTraining
import SpikeTransforms
import Testing

/// `import`'s model file: a NIR graph plus the pipeline given on the command line, written and read back as any
/// model file, running the graph's weights.
@Suite("NIR graph → model file")
struct NIRImportCheckpointTests {
    @Test("the imported model keeps the given binning, transforms and neuron, and the exported weights")
    func importedCheckpoint() throws {
        let network = try Network(NetworkConfig(spec: "8C3P1-P2-10", inputShape: [2, 8, 8],
                                                neuron: .lif(LIF(decay: 0.75, threshold: 0.4, reset: .zero)),
                                                rule: .stbp(STBP()), loss: .rateMSE, seed: 3))
        let dir = try RepoPaths.temporaryDirectory("nir-import")
        try NIRFile.write(NIRExport.graph(of: network), to: dir + "/net.nir")
        let pipeline = NIRPipeline(dataset: .nmnist, transforms: ["denoise:filterTime=10000"],
                                   binning: FrameBinning(.timeWindow(5000)), input: .counts)
        try ModelCheckpoint.importing(nir: dir + "/net.nir", pipeline: pipeline).write(to: dir + "/model.h5")

        let model = try ModelCheckpoint.read(path: dir + "/model.h5")
        #expect(model.config.dataset.name == .nmnist)
        #expect(model.config.transforms == ["denoise:filterTime=10000"])
        #expect(model.config.binning.frameBinning.slicing == .timeWindow(5000))
        #expect(model.config.network.input == .counts && model.config.network.spec == "8C3P1-P2-10")
        #expect(model.classCount == 10 && model.epoch == 0)
        let lif = try #require(model.network.neuron.model as? LIF)
        #expect(abs(lif.decay - 0.75) < 1e-6 && abs(lif.threshold - 0.4) < 1e-6 && lif.reset == .zero)
        let pipelineNeuron = try model.pipeline.neuron.value.model as? LIF
        #expect(pipelineNeuron.map { abs($0.decay - 0.75) < 1e-6 } == true)
        let original = Dictionary(uniqueKeysWithValues: network.parameters.map { ($0.name, $0.value) })
        for p in try model.makeNetwork().parameters { #expect(p.value == original[p.name], "\(p.name)") }
        #expect(ModelCheckpoint.isNIR(path: dir + "/net.NIR") && !ModelCheckpoint.isNIR(path: dir + "/model.h5"))
    }
}
