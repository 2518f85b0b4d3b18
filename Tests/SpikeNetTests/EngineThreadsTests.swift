import Foundation
import Testing
@testable import SpikeNet

/// `--threads N` sets how many workers the engine's loops are split over, and the results are the same bits
/// for any N (serialized: the setting is process-wide).
@Suite(.serialized)
struct EngineThreadsTests {
    /// The workers that ran: their indices, and the items each covered.
    final class Seen: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var workers: Set<Int> = []
        private(set) var items = 0
        func record(_ worker: Int, _ range: Range<Int>) {
            lock.withLock { workers.insert(worker); items += range.count }
        }
    }

    @Test func theSetCountIsHonoured() {
        defer { EngineThreads.set(nil) }
        for threads in [1, 3, 5] {
            EngineThreads.set(threads)
            #expect(EngineThreads.count == threads)
            let seen = Seen()
            parallelWorkers(10_000, minimumPerThread: 1) { worker, range in seen.record(worker, range) }
            #expect(seen.workers == Set(0..<threads))
            #expect(seen.items == 10_000)
        }
        EngineThreads.set(nil)
        #expect(EngineThreads.count == EngineThreads.available)
    }

    /// One training step's parameter gradients of an MLP and a Conv-BN network, with 1 and with 3 workers.
    @Test(arguments: [("2312-40-10", [2, 34, 34], false), ("6C5-P2-12C3-P2-10", [2, 20, 20], true)])
    func gradientsDoNotDependOnTheThreadCount(_ spec: String, _ input: [Int], _ batchNorm: Bool) throws {
        defer { EngineThreads.set(nil) }
        let config = NetworkConfig(spec: spec, inputShape: input, neuron: .lif(LIF(decay: 0.5, threshold: 0.4)),
                                   rule: .stbp(STBP()), loss: .rateMSE, batchNorm: batchNorm, initGain: 3, seed: 11)
        let (batch, steps) = (6, 5)
        let n = batch * steps * input.reduce(1, *)
        let x = Tensor(shape: [batch, steps] + input, data: (0..<n).map { Float(($0 &* 2_654_435_761 >> 9) % 11 == 0 ? 1 : 0) })
        let labels = (0..<batch).map { $0 % 10 }
        func gradients(threads: Int) throws -> [[Float]] {
            EngineThreads.set(threads)
            var network = try Network(config)
            _ = try network.accumulateGradients(x, labels: labels)
            return network.parameters.map(\.grad)
        }
        let one = try gradients(threads: 1), three = try gradients(threads: 3)
        #expect(one.contains { $0.contains { $0 != 0 } })
        #expect(one == three)
    }
}
