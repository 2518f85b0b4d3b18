#if SPIKESTREAM_TORCH
import SpikeEvents
import SpikeNet
import SpikePipeline
import SpikeTorch
import Testing

/// The staged data path (each batch written once as the cache stores it, converted on the device) against the float
/// path it replaces (uint8 → Float, the clipping copy, the time-major transpose on the host).
@Suite("torch staged input")
struct TorchInputPathTests {
    /// Samples of `shape` [C, H, W] with `lengths` time steps each, counts 0…5, stored as `type`.
    static func samples(_ shape: [Int], lengths: [Int], type: FrameDType) -> [LabeledFrames] {
        lengths.enumerated().map { b, t in
            let n = t * shape.reduce(1, *)
            let counts = (0..<n).map { i in (i * 7 + b * 13) % 11 < 5 ? (i + b) % 6 : 0 }
            let storage: FrameStorage = switch type {
            case .uint8: .uint8(counts.map(UInt8.init))
            case .uint16: .uint16(counts.map(UInt16.init))
            case .float32: .float32(counts.map(Float.init))
            }
            let frames = FrameTensor(shape: FrameShape(timeSteps: t, channels: shape[0], height: shape[1], width: shape[2]),
                                     storage: storage)
            return LabeledFrames(id: "s\(b)", label: b, frames: frames)
        }
    }

    /// The float path's tensor: FrameBatch's conversion, then the clipping copy for binary input.
    static func floats(_ samples: [LabeledFrames], binary: Bool) throws -> Tensor {
        let batch = try FrameBatch(samples, padding: .longest)
        let s = batch.frameShape
        let data = binary ? batch.data.map { min($0, 1) } : batch.data
        return Tensor(shape: [batch.batchSize, s.timeSteps, s.channels, s.height, s.width], data: data)
    }

    @Test("three training steps and an evaluation pass: staged uint8/uint16/float batches give bit-identical losses, outputs, weights and gradients to the float path",
          arguments: [(FrameDType.uint8, true), (.uint8, false), (.uint16, true), (.float32, false)])
    func bitIdentical(_ type: FrameDType, _ binary: Bool) throws {
        let (engine, _, _) = try TorchTrainingTests.setUp()
        let shape = engine.config.inputShape
        let samples = Self.samples(shape, lengths: [4, 3, 4, 2], type: type)  // padded to 4 steps
        let labels = samples.map { $0.label % engine.outputShape.reduce(1, *) }
        let input = try Self.floats(samples, binary: binary)
        var optimizerA = Optimizer(.adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8), learningRate: 0.01)
        var optimizerB = optimizerA
        let old = try TorchTrainer(engine, optimizer: optimizerA, device: "cpu")
        let new = try TorchTrainer(engine, optimizer: optimizerB, device: "cpu")
        let staging = try TorchStaging(device: "cpu")
        for step in 1...3 {
            let staged = try staging.stage(samples.map(\.frames), timeSteps: 4, binary: binary)
            #expect(staged.shape == input.shape)
            let a = try old.trainStep(input, labels: labels, optimizer: &optimizerA)
            let b = try new.trainStep(staged: staged, labels: labels, optimizer: &optimizerB)
            #expect(a.loss == b.loss && a.correct == b.correct, "step \(step): \(a.loss) vs \(b.loss)")
            #expect(try old.network.parameters() == new.network.parameters(), "step \(step): weights or gradients differ")
        }
        let staged = try staging.stage(samples.map(\.frames), timeSteps: 4, binary: binary)
        let a = try #require(try old.network.run(input).output)
        let b = try #require(try new.network.run(staged: staged).output)
        #expect(a.data == b.data && a.data.contains { $0 != 0 })
        let inputRate = input.data.reduce(0, +)
        #expect(inputRate > 0 && (binary ? input.data.allSatisfy { $0 <= 1 } : input.data.contains { $0 > 1 }))
    }

    /// Convolutions are left out: libtorch's C++ has no meta kernel for them (as in TorchTrainingTests.metaDevice).
    @Test("a staged uint8 batch on the meta device: the conversion and a whole training step keep every tensor there")
    func metaDevice() throws {
        let config = NetworkConfig(spec: "MP2-AP2-24-10", inputShape: [2, 8, 8], neuron: .lif(LIF()),
                                   rule: .stbp(STBP(surrogate: .sigmoid(a: 0.5))), loss: .rateMSE)
        let engine = try Network(config)
        let samples = Self.samples([2, 8, 8], lengths: [4, 2, 3], type: .uint8)
        var optimizer = Optimizer(.adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8), learningRate: 0.01, weightClip: 1)
        let meta = try TorchNetwork(engine, device: "meta")
        try meta.configure(optimizer)
        var desired = Tensor(zeros: [3, 10])
        for b in 0..<3 { desired.data[b * 10 + b] = 1 }
        let staged = try TorchStaging(device: "meta").stage(samples.map(\.frames), timeSteps: 4, binary: true)
        _ = try meta.run(staged: staged, desired: desired, update: optimizer.advanceStep(), readOutput: false)
        _ = try meta.run(staged: staged, readOutput: false)
        // A batch staged for another device is refused, not moved behind the caller's back.
        let onCPU = try TorchStaging(device: "cpu").stage(samples.map(\.frames), timeSteps: 4, binary: true)
        #expect(throws: TorchError.self) { _ = try meta.run(staged: onCPU, readOutput: false) }
    }
}
#endif
