import CTorchBackend
import SpikeNet

extension TorchNetwork {
    /// The parameters (values and the last pass's gradients) as engine `Parameter`s, by engine name.
    public func parameters() throws(TorchError) -> [String: Parameter] {
        var out: [String: Parameter] = [:]
        for (index, name) in parameterNames.enumerated() {
            let count = Int(spk_torch_parameter_size(handle, Int32(index)))
            var value = [Float](repeating: 0, count: count), grad = [Float](repeating: 0, count: count)
            try TorchError.check(spk_torch_read_parameter(handle, Int32(index), &value, &grad, nil, nil))
            var p = Parameter(name: name, shape: [count], value: value)
            p.grad = grad
            out[name] = p
        }
        return out
    }

    /// Copies the parameters and optimizer moments into `network` and `optimizer` (shapes from `network`).
    public func copy(into network: inout Network, _ optimizer: inout Optimizer) throws {
        var params = network.parameters
        let index = Dictionary(uniqueKeysWithValues: parameterNames.enumerated().map { ($1, $0) })
        let adaptive = if case .sgd = optimizer.kind { false } else { true }
        for i in params.indices {
            guard let at = index[params[i].name] else { continue }
            let count = params[i].value.count
            guard params[i].trainable else {  // a buffer: its value only (the optimizer keeps nothing for it)
                try TorchError.check(spk_torch_read_parameter(handle, Int32(at), &params[i].value, nil, nil, nil))
                continue
            }
            var first = [Float](repeating: 0, count: count), second = [Float](repeating: 0, count: count)
            try second.withUnsafeMutableBufferPointer { (v: inout UnsafeMutableBufferPointer<Float>) throws(TorchError) in
                try TorchError.check(spk_torch_read_parameter(handle, Int32(at), &params[i].value, nil, &first,
                                                              adaptive ? v.baseAddress : nil))
            }
            optimizer.setMoments(of: params[i].name, first: first, second: adaptive ? second : nil)
        }
        try network.load(params)
    }

    /// Copies the optimizer's moments (a resumed run's) to the device.
    public func loadMoments(of optimizer: Optimizer) throws(TorchError) {
        for (index, name) in parameterNames.enumerated() {
            let (first, second) = optimizer.moments(of: name)
            guard first != nil || second != nil else { continue }
            try TorchError.check(spk_torch_write_parameter(handle, Int32(index), nil, first, second))
        }
    }

    /// The traces of spiking layer `layer` from the last pass, `[T·B·neurons]`: spikes, membrane before reset,
    /// (after a training pass) ∂L/∂I, or a synaptic layer's PSC.
    public func trace(_ kind: TraceKind, layer: Int, steps: Int, batch: Int) throws(TorchError) -> [Float] {
        var out = [Float](repeating: 0, count: steps * batch * spikingWidths[layer])
        try TorchError.check(spk_torch_read_trace(handle, Int32(layer), kind.rawValue, &out, Int64(out.count)))
        return out
    }

    public enum TraceKind: Int32 { case spikes = 0, membrane = 1, currentGradient = 2, psc = 3 }
}
