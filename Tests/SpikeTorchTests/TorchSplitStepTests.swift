#if SPIKESTREAM_TORCH
import SpikeNet
import SpikeTorch
import Testing

/// The torch trainer's step as it runs under a launcher: the training pass, the gradients handed to a reducer on the
/// device, then the update.
@Suite("torch split step")
struct TorchSplitStepTests {
    /// A group of one process: the average over one process is its own gradient (and the reducer counts its calls).
    final class OneProcess: DeviceGradientReducer {
        var calls = 0, tensors = 0
        func reduce(_ tensors: [UnsafeMutableRawPointer], average: Bool) throws {
            calls += 1
            self.tensors = tensors.count
        }
    }

    @Test("through a reducer of one process the split step gives the single call's weights; an injected out-of-memory error at step 2 names the batch")
    func splitStepEqualsOneCallAndReportsOutOfMemory() throws {
        let (engine, _, _) = try TorchTrainingTests.setUp()
        let shape = engine.config.inputShape, classes = engine.outputShape.reduce(1, *)
        let batch = 4, steps = 3, size = shape.reduce(1, *)
        let input = Tensor(shape: [batch, steps] + shape,
                           data: (0..<batch * steps * size).map { Float(($0 * 7) % 11 < 3 ? 1 : 0) })
        let labels = (0..<batch).map { $0 % classes }
        var optimizerA = Optimizer(.adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8), learningRate: 0.01)
        var optimizerB = optimizerA
        let whole = try TorchTrainer(engine, optimizer: optimizerA, device: "cpu")
        let split = try TorchTrainer(engine, optimizer: optimizerB, device: "cpu")
        let reducer = OneProcess()
        let a = try whole.trainStep(input, labels: labels, optimizer: &optimizerA)
        let b = try split.trainStep(input, labels: labels, optimizer: &optimizerB, reducer: reducer)
        #expect(reducer.calls == 1 && reducer.tensors == engine.parameters.filter(\.trainable).count)
        #expect(a.loss == b.loss)
        var (netA, netB) = (engine, engine)
        try whole.synchronize(&netA, &optimizerA)
        try split.synchronize(&netB, &optimizerB)
        for (p, q) in zip(netA.parameters, netB.parameters) { #expect(p.value == q.value, "\(p.name)") }
        try split.network.failWithOutOfMemory(atStep: 2)
        do {
            _ = try split.trainStep(input, labels: labels, optimizer: &optimizerB, reducer: reducer)
            Issue.record("the injected out-of-memory error did not stop the split step")
        } catch let error as TorchError {
            #expect(error == .outOfMemory(reason: "out of memory (injected at step 2)", batch: batch), "\(error)")
        }
    }
}
#endif
