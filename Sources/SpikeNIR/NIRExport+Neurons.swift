import SpikeCache
import SpikeNet

/// The engine's neuron models as NIR neurons, per `NIRConventions` (dt = 1e-4, τ = dt/(1 − β), r = τ/dt,
/// v_leak = 0, reset to v_reset = 0). Every array has the layer's per-sample shape, one value per neuron.
extension NIRExport {
    static func neuron(_ neuron: Neuron, shape: [Int], name: String) throws(NIRError) -> NIRNode {
        let count = shape.reduce(1, *)
        func array(_ value: Double) -> HDF5TreeValue { .floats(shape: shape, values: .init(repeating: Float(value), count: count)) }
        func requireZeroReset(_ reset: Reset, type: String) throws(NIRError) {
            guard reset == .zero else {
                throw .unsupported(node: name, type: type, reason: "reset by subtraction has no NIR form (NIR neurons reset "
                                   + "to v_reset); train with reset: zero to export")
            }
        }
        switch neuron.model {
        case let lif as LIF where lif.decay < 1:
            try requireZeroReset(lif.reset, type: "LIF")
            let tau = NIRConventions.tau(decay: Double(lif.decay))
            return NIRNode(type: "LIF", fields: ["tau": array(tau), "r": array(tau / NIRConventions.dt), "v_leak": array(0),
                                                "v_threshold": array(Double(lif.threshold)), "v_reset": array(0)])
        case let lif as LIF:
            try requireZeroReset(lif.reset, type: "LIF")
            return integrateAndFire(threshold: lif.threshold, array: array)
        case let neuron as IF:
            try requireZeroReset(neuron.reset, type: "IF")
            return integrateAndFire(threshold: neuron.threshold, array: array)
        case let lif as SynapticLIF:
            try requireZeroReset(lif.reset, type: "SynapticLIF")
            let dt = NIRConventions.dt
            return NIRNode(type: "CubaLIF", fields: [
                "tau_mem": array(dt * Double(lif.tauM)), "tau_syn": array(dt * Double(lif.tauS)),
                "r": array(Double(lif.tauM)), "v_leak": array(0), "v_threshold": array(Double(lif.threshold)),
                "v_reset": array(0), "w_in": array(1),
            ])
        case is MultiThresholdLIF:
            throw .unsupported(node: name, type: "multi-threshold LIF", reason: "it emits up to max_spikes spikes per step "
                               + "and NIR neurons emit one; there is no NIR node for spike counts")
        default:
            throw .unsupported(node: name, type: neuron.name, reason: "this neuron model has no NIR mapping")
        }
    }

    /// `v[t] = v[t−1] + r·I[t]` with r = 1 (one step of the engine's IF).
    private static func integrateAndFire(threshold: Float, array: (Double) -> HDF5TreeValue) -> NIRNode {
        NIRNode(type: "IF", fields: ["r": array(1), "v_threshold": array(Double(threshold)), "v_reset": array(0)])
    }
}
