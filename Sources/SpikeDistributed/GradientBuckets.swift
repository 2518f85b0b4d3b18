import SpikeNet

/// Reduces a step's gradients over the group in buckets, as PyTorch's DistributedDataParallel does: averaged when
/// the loss is a batch mean (the mean of the processes' equal-sized batch means is the global batch's mean), summed
/// when it is a batch sum. The backward pass hands over each layer's gradients as soon as they are final (last layer first); they are copied into one
/// flat buffer, and each time `bucketFloats` have gathered, their all-reduce starts on c10d's threads while the
/// backward pass goes on. `finishStep` starts the last bucket and waits for all of them, in order.
final class GradientBuckets: GradientReducer {
    let group: ProcessGroup
    let bucketFloats: Int
    /// Whether the loss is a mean over the batch (`reduction: mean`), so the processes' gradients are averaged.
    let average: Bool
    /// Every trainable gradient of the network, in the order the backward pass finishes them.
    private let flat: UnsafeMutableBufferPointer<Float>
    /// Where each parameter's gradient lies in `flat` this step.
    private var offsets: [String: Int] = [:]
    private var filled = 0
    private var bucketStart = 0
    private var pending: [OpaquePointer] = []
    /// The first failure to start a reduction (the backward pass cannot throw), thrown by `finishStep`.
    private var failure: (any Error)?

    /// 1 MiB buckets: small enough that a deep network's last layers reduce during its first layers' backward.
    init(group: ProcessGroup, network: Network, bucketFloats: Int = 1 << 18) {
        self.group = group
        self.bucketFloats = bucketFloats
        average = network.config.lossOptions.reduction == .mean
        flat = .allocate(capacity: network.parameters.lazy.filter(\.trainable).map(\.grad.count).reduce(0, +))
    }

    deinit {
        for work in pending { try? group.wait(work) }
        flat.deallocate()
    }

    func gradientsFinished(_ parameters: [Parameter]) {
        for p in parameters where p.trainable {
            precondition(filled + p.grad.count <= flat.count, "gradient \(p.name) is not the network's")
            offsets[p.name] = filled
            p.grad.withUnsafeBufferPointer { grad in
                _ = UnsafeMutableBufferPointer(rebasing: flat[filled..<filled + grad.count]).initialize(from: grad)
            }
            filled += p.grad.count
        }
        if filled - bucketStart >= bucketFloats { startBucket() }
    }

    func finishStep() throws {
        startBucket()
        let start = ContinuousClock.now
        defer {
            group.reductionWait.steps += 1
            group.reductionWait.waited += ContinuousClock.now - start
            pending = []
            filled = 0
            bucketStart = 0
        }
        var firstError = failure
        failure = nil
        for work in pending {
            do { try group.wait(work) } catch { if firstError == nil { firstError = error } }
        }
        if let firstError { throw firstError }
    }

    func copyReduced(into parameter: inout Parameter) {
        guard let offset = offsets[parameter.name] else { return }
        let average = UnsafeMutableBufferPointer(rebasing: flat[offset..<offset + parameter.grad.count])
        parameter.grad.withUnsafeMutableBufferPointer { grad in _ = grad.update(fromContentsOf: average) }
    }

    private func startBucket() {
        guard filled > bucketStart, failure == nil, let base = flat.baseAddress else { return }
        do {
            pending.append(try group.startReduction(base + bucketStart, count: filled - bucketStart, average: average))
        } catch {
            failure = error
        }
        bucketStart = filled
    }
}
