#if SPIKESTREAM_TORCH
import SpikeNet
import SpikeTorch
import SpikeTraining
import Testing

/// `--precision bf16` on torch-cpu: the GEMMs and convolutions on bfloat16 operands, neurons and rules in float32.
@Suite("torch precision")
struct TorchPrecisionTests {
    /// Dense 4 → 10 + LIF (decay 0.2, Vth 0.5, reset to zero) with weights far from bfloat16's grid: outputs 0–4 get
    /// a current near 1.0 (u ≈ 1.0 each step), outputs 5–9 near 0.15 (u → at most 0.21): every membrane ≥ 0.2 from Vth.
    static func farFromThreshold() throws -> Network {
        var network = try Network(NetworkConfig(spec: "10", inputShape: [1, 2, 2], neuron: .lif(LIF()),
                                                rule: .stbp(STBP(surrogate: .sigmoid(a: 0.5))), loss: .rateMSE))
        var parameters = network.parameters
        for k in parameters.indices {
            let n = parameters[k].value.count
            parameters[k].value = n == 40
                ? (0..<40).map { e in let (i, j) = (e / 10, e % 10); return (j < 5 ? 0.2513 : 0.0317) * (1 + 0.0131 * Float(i)) }
                : (0..<n).map { 0.0037 * Float($0) }
        }
        try network.load(parameters)
        return network
    }

    @Test("a bf16 forward pass: the same spikes as fp32 where every membrane is ≥ 0.2 from threshold, membranes within 1 % but not bit-equal (the GEMM did run in bf16)")
    func spikesFarFromThreshold() throws {
        let engine = try Self.farFromThreshold()
        let input = Tensor(shape: [2, 4, 1, 2, 2], data: (0..<32).map { $0 < 20 || $0 >= 24 ? 1 : 0 })
        let fp32 = try TorchNetwork(engine, device: "cpu")
        let bf16 = try TorchNetwork(engine, device: "cpu")
        try bf16.setPrecision(.bf16)
        _ = try fp32.run(input)
        _ = try bf16.run(input)
        let u32 = try fp32.trace(.membrane, layer: 0, steps: 4, batch: 2), u16 = try bf16.trace(.membrane, layer: 0, steps: 4, batch: 2)
        #expect(u32.allSatisfy { abs($0 - 0.5) >= 0.2 }, "the fixture's premise: membranes far from Vth")
        let s32 = try fp32.trace(.spikes, layer: 0, steps: 4, batch: 2), s16 = try bf16.trace(.spikes, layer: 0, steps: 4, batch: 2)
        #expect(s32 == s16 && s32.contains(1) && s32.contains(0))
        #expect(u32 != u16, "bf16 left the GEMM in fp32")
        #expect(zip(u32, u16).allSatisfy { abs($0 - $1) <= 0.01 * max(abs($0), 0.1) })
    }

    @Test("tf32 is refused off CUDA, naming what to use instead")
    func tf32NeedsCUDA() throws {
        let network = try TorchNetwork(try Self.farFromThreshold(), device: "cpu")
        #expect { try network.setPrecision(.tf32) } throws: { error in
            guard case let .failed(reason) = error as? TorchError else { return false }
            return reason.contains("CUDA") && reason.contains("fp32 or bf16")
        }
    }

    @Test("precision: in the pipeline YAML: fp32, tf32 or bf16 (absent: nil, which means fp32); any other word refused naming the three")
    func pipelineKey() throws {
        let yaml = """
            name: p
            dataset: {name: synthetic-nmnist, root: /tmp/none}
            network: {spec: 10}
            device: torch-cpu
            """
        #expect(try PipelineConfig.parse(yaml: yaml).precision == nil)
        #expect(try PipelineConfig.parse(yaml: yaml + "\nprecision: bf16").precision == .bf16)
        #expect { try PipelineConfig.parse(yaml: yaml + "\nprecision: fp16") } throws: { error in
            let text = "\(error)"
            return text.contains("precision") && text.contains("bf16") && text.contains("tf32")
        }
    }

    @Test("3 epochs of the tiny synthetic CNN in bf16 on torch-cpu: the loss falls, test accuracy within 10 points (2 of 20 samples) of fp32")
    func bf16Trains() async throws {
        let (config, folder) = try await TorchTrainerTests.cnnPipeline()
        var records: [[EpochRecord]] = []
        for precision in [ComputePrecision.fp32, .bf16] {
            var trainer = TorchTrainerTests.trainer(config, out: folder + "/\(precision)")
            trainer.makeBackend = { network, optimizer in
                try TorchTrainer(network, optimizer: optimizer, device: "cpu", precision: precision)
            }
            records.append(try await trainer.run())
        }
        let (fp32, bf16) = (records[0], records[1])
        #expect(bf16.count == 3 && fp32.count == 3)
        #expect(bf16[2].trainLoss < bf16[0].trainLoss, "bf16 loss \(bf16.map(\.trainLoss))")
        #expect(bf16[0].trainLoss != fp32[0].trainLoss, "bf16 trained as fp32")
        #expect(abs(bf16[2].testAccuracy - fp32[2].testAccuracy) <= 0.10 + 1e-9,
                "test accuracy bf16 \(bf16[2].testAccuracy) vs fp32 \(fp32[2].testAccuracy)")
    }
}
#endif
