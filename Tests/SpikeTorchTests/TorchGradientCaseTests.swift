#if SPIKESTREAM_TORCH
import Foundation
import SpikeFormats
import SpikeModel
import SpikeNet
import SpikeTestSupport
import SpikeTorch
import Testing

/// torch-cpu against the CPU engine on every gradient fixture (docs/GRADIENTS.md): STBP h1–h4 with and without the
/// reset path, BPSA and BPSA + BPTA with votes and class-mean losses, multi-threshold f1–f3 in its three trainings,
/// TSSL-BP as the paper, as the reference code and in four mixes of its options (reset, clamp, leak, warm-ups
/// none / layer rate / per element; PSC loss); dense and conv. Spikes equal, the loss within 1e-4
/// relative, membranes, PSCs, ∂L/∂I, ∂L/∂W and ∂L/∂b within 1e-4 of each array's largest value
/// (`TorchEquivalence`, which `spikestream torch-check` runs on a GPU).
@Suite("torch-cpu equals the CPU engine on the gradient cases")
struct TorchGradientCaseTests {
    static let folder = RepoPaths.root + "/Tests/SpikeNetTests/Fixtures/gradient-cases"
    static let names: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
        .filter { $0.hasSuffix(".npz") && !$0.hasSuffix(".expected.npz") }
        .map { String($0.dropLast(4)) }.sorted()

    static func load(_ name: String) throws -> GradientCase {
        let path = "\(folder)/\(name).npz"
        return try GradientCase(arrays: NumPyArchive.read(path: path), path: path)
    }

    @Test("the STBP, BPSA, multi-threshold and TSSL-BP cases are all here (dense and conv, h1–h4, BPTA, f1–f3, modes 0–2, paper and code)")
    func coverage() {
        #expect(Self.names.count == 35, "\(Self.names)")
        #expect(Self.names.filter { $0.contains("conv") }.count == 8)
        #expect(Self.names.filter { $0.hasPrefix("tssl") }.count == 8)
    }

    @Test("spikes, membranes, loss and gradients equal the engine's", arguments: names)
    func matchesEngine(_ name: String) throws {
        let gradientCase = try Self.load(name)
        let (input, desired) = gradientCase.data
        let differences = try TorchEquivalence.differences({ try gradientCase.network() }, input: input,
                                                           desired: desired, device: "cpu")
        #expect(differences.isEmpty, "\(differences)")
    }

    @Test("a neuron the backend lacks is refused in one line naming it")
    func unsupportedNeuron() throws {
        let network = try Network(NetworkConfig(spec: "4-3", inputShape: [4, 1, 1], neuron: Neuron(IF()),
                                                rule: .stbp(STBP()), loss: .rateMSE))
        do {
            _ = try TorchNetwork(network, device: "cpu")
            Issue.record("the IF neuron was accepted")
        } catch let TorchError.unsupported(what) {
            #expect(what == "the neuron \(network.config.neuron.name)", "\(what)")
        }
        #expect("\(TorchError.unsupported(what: "the neuron if"))"
                == "the torch backend does not support the neuron if yet (train it with --device cpu)")
    }

    @Test("an unknown device is a one-line error; so is CUDA where libtorch_cuda or a GPU is missing")
    func unavailableDevices() throws {
        let network = try Self.load(Self.names[0]).network()
        #expect(throws: TorchError.self) { _ = try TorchNetwork(network, device: "tpu:7") }
        do {
            _ = try TorchNetwork(network, device: "cuda")  // a GPU machine with PyTorch's CUDA libraries: fine
        } catch let TorchError.deviceUnavailable(named, reason) {
            #expect(named == "cuda")
            #expect(!reason.contains("\n") && reason.contains("CUDA"), "\(reason)")
        }
    }
}
#endif
