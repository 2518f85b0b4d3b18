#if SPIKESTREAM_TORCH
import Foundation
import SpikeFormats
import SpikeModel
import SpikeNet
import SpikeTestSupport
import SpikeTorch
import Testing

/// torch-cpu against the CPU engine on the gradient fixtures (docs/GRADIENTS.md) of the rules the torch backend
/// implements (STBP h1–h4 with and without the reset path, BPSA and BPSA + BPTA with votes and class-mean losses,
/// multi-threshold f1–f3 in its three trainings; dense and conv): spikes equal, the loss within 1e-4 relative, membranes, ∂L/∂I, ∂L/∂W and ∂L/∂b within 1e-4
/// of each array's largest value.
@Suite("torch-cpu equals the CPU engine on the gradient cases")
struct TorchGradientCaseTests {
    static let folder = RepoPaths.root + "/Tests/SpikeNetTests/Fixtures/gradient-cases"
    static let names: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
        .filter { !$0.hasPrefix("tssl") && $0.hasSuffix(".npz") && !$0.hasSuffix(".expected.npz") }
        .map { String($0.dropLast(4)) }.sorted()

    static func load(_ name: String) throws -> GradientCase {
        let path = "\(folder)/\(name).npz"
        return try GradientCase(arrays: NumPyArchive.read(path: path), path: path)
    }

    /// max |a − b| ≤ 1e-4 · max |b| (+ a hair for all-zero arrays).
    static func close(_ a: [Float], _ b: [Float]) -> (ok: Bool, error: Float, scale: Float) {
        let scale = b.map(abs).max() ?? 0
        let error = zip(a, b).map { abs($0 - $1) }.max() ?? 0
        return (a.count == b.count && error <= 1e-4 * scale + 1e-12, error, scale)
    }

    @Test("the STBP, BPSA and multi-threshold cases are all here (dense and conv, h1–h4, BPTA, f1–f3, modes 0–2)")
    func coverage() {
        #expect(Self.names.count == 27, "\(Self.names)")
        #expect(Self.names.filter { $0.contains("conv") }.count == 6)
    }

    @Test("spikes, membranes, loss and gradients equal the engine's", arguments: names)
    func matchesEngine(_ name: String) throws {
        let gradientCase = try Self.load(name)
        var engine = try gradientCase.network()
        let (input, desired) = gradientCase.data
        let (steps, batch) = (input.shape[1], input.shape[0])
        let (loss, traces) = try engine.traceGradients(input, desired: desired)

        let torch = try TorchNetwork(try gradientCase.network(), device: "cpu")
        let (torchLoss, _) = try torch.run(input, desired: desired)
        #expect(abs(torchLoss - loss) <= 1e-4 * abs(loss), "loss \(torchLoss) vs \(loss)")
        let parameters = try torch.parameters()
        for (l, trace) in traces.enumerated() {
            let spikes = try torch.trace(.spikes, layer: l, steps: steps, batch: batch)
            #expect(spikes == trace.spikes, "layer \(l): spikes differ")
            #expect(spikes.reduce(0, +) > 0, "layer \(l) never fires")
            let membrane = Self.close(try torch.trace(.membrane, layer: l, steps: steps, batch: batch), trace.membrane)
            #expect(membrane.ok, "layer \(l) u: max error \(membrane.error) vs \(membrane.scale)")
            let current = Self.close(try torch.trace(.currentGradient, layer: l, steps: steps, batch: batch),
                                     trace.currentGradient)
            #expect(current.ok, "layer \(l) dI: max error \(current.error) vs \(current.scale)")
            for p in [trace.weightGradient, trace.biasGradient] {
                let mine = try #require(parameters[p.name])
                let check = Self.close(mine.grad, p.grad)
                #expect(check.ok && check.scale > 0, "\(p.name) grad: max error \(check.error) vs \(check.scale)")
            }
        }
    }

    @Test("a loss or rule the backend lacks is refused in one line naming it")
    func unsupportedRule() throws {
        let gradientCase = try Self.load("tssl-code")
        do {
            _ = try TorchNetwork(try gradientCase.network(), device: "cpu")
            Issue.record("TSSL-BP's PSC loss was accepted")
        } catch let TorchError.unsupported(what) {
            #expect(what.hasPrefix("the loss psc("), "\(what)")
        }
        #expect("\(TorchError.unsupported(what: "the rule tssl-bp"))"
                == "the torch backend does not support the rule tssl-bp yet (train it with --device cpu)")
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
