import SpikeNet

/// One forward + backward pass of the same network on the CPU engine and on a torch device, compared array by
/// array: spikes equal (and some in every layer), the loss within 1e-4 relative, membranes, PSCs, ∂L/∂I,
/// ∂L/∂W and ∂L/∂b within 1e-4 of each array's largest value. Used by SpikeTorchTests (torch-cpu) and by
/// `spikestream torch-check` (any device, e.g. on a GPU machine through scripts/device-check).
public enum TorchEquivalence {
    /// max |a − b| ≤ 1e-4 · max |b| (+ a hair for all-zero arrays).
    public static func close(_ a: [Float], _ b: [Float]) -> (ok: Bool, error: Float, scale: Float) {
        let scale = b.map(abs).max() ?? 0
        let error = zip(a, b).map { abs($0 - $1) }.max() ?? 0
        return (a.count == b.count && error <= 1e-4 * scale + 1e-12, error, scale)
    }

    /// The differences between the engine's pass and `device`'s over `input` `[B, T, …]` against `desired` (empty:
    /// equal). `make` builds the network afresh for each side.
    public static func differences(_ make: () throws -> Network, input: Tensor, desired: Tensor,
                                   device: String) throws -> [String] {
        var engine = try make()
        let (steps, batch) = (input.shape[1], input.shape[0])
        let (loss, traces) = try engine.traceGradients(input, desired: desired)
        let torch = try TorchNetwork(try make(), device: device)
        let (torchLoss, _) = try torch.run(input, desired: desired)
        var found: [String] = []
        if !(abs(torchLoss - loss) <= 1e-4 * abs(loss)) { found.append("loss \(torchLoss) vs \(loss)") }
        let parameters = try torch.parameters()
        for (l, trace) in traces.enumerated() {
            let spikes = try torch.trace(.spikes, layer: l, steps: steps, batch: batch)
            if spikes != trace.spikes { found.append("layer \(l): spikes differ") }
            if spikes.reduce(0, +) == 0 { found.append("layer \(l) never fires") }
            var arrays: [(String, [Float], [Float])] = [
                ("u", try torch.trace(.membrane, layer: l, steps: steps, batch: batch), trace.membrane),
                ("dI", try torch.trace(.currentGradient, layer: l, steps: steps, batch: batch), trace.currentGradient),
            ]
            if let psc = trace.psc { arrays.append(("a", try torch.trace(.psc, layer: l, steps: steps, batch: batch), psc)) }
            for (name, mine, engine) in arrays {
                let check = close(mine, engine)
                if !check.ok { found.append("layer \(l) \(name): max error \(check.error) vs \(check.scale)") }
            }
            for p in [trace.weightGradient, trace.biasGradient] {
                guard let mine = parameters[p.name] else { found.append("\(p.name) is missing"); continue }
                let check = close(mine.grad, p.grad)
                if !(check.ok && check.scale > 0) { found.append("\(p.name) grad: max error \(check.error) vs \(check.scale)") }
            }
        }
        return found
    }
}
