import SpikeNet

/// NIR neurons as engine neurons, reading NIR's continuous-time parameters per `NIRConventions`. The input gain
/// (`r·dt/τ` for LIF, `r` for IF, both gains for CubaLIF) is folded into the threshold: scaling a neuron's input
/// and its threshold alike leaves its spikes unchanged (snnTorch's importer does the same). Every neuron of a node
/// must share its values, v_leak and v_reset must be 0.
extension NIRNetworkBuilder {
    static func neuron(_ f: NIRFields, count: Int) throws(NIRError) -> Neuron {
        for key in ["v_threshold"] {
            let n = try f.floats(key).values.count
            guard n == count || n == 1 else {
                throw .badNode(node: f.name, type: f.node.type, reason: "'\(key)' has \(n) values for the \(count) neurons before it")
            }
        }
        try f.zeroIfPresent("v_leak", meaning: "leak towards 0")
        try f.zeroIfPresent("v_reset", meaning: "reset to 0")
        let dt = NIRConventions.dt
        let threshold = Double(try f.uniform("v_threshold"))
        func positive(_ value: Double, _ what: String) throws(NIRError) -> Float {
            guard value.isFinite, value > 0 else {
                throw .unsupported(node: f.name, type: f.node.type, reason: "\(what) = \(value); the engine needs it > 0")
            }
            return Float(value)
        }
        switch f.node.type {
        case "LIF":
            let tau = Double(try f.uniform("tau")), r = Double(try f.uniform("r"))
            let decay = NIRConventions.decay(tau: tau)
            guard tau >= dt, decay <= 1 else {
                throw .unsupported(node: f.name, type: "LIF", reason: "tau = \(tau) s is shorter than one step (dt = \(dt) s)")
            }
            return Neuron(LIF(decay: Float(decay), threshold: try positive(threshold / (r * dt / tau), "v_threshold·τ/(r·dt)"),
                              reset: .zero))
        case "IF":
            let r = Double(try f.uniform("r"))
            return Neuron(IF(threshold: try positive(threshold / r, "v_threshold / r"), reset: .zero))
        default:
            let tauMem = Double(try f.uniform("tau_mem")), tauSyn = Double(try f.uniform("tau_syn"))
            let r = Double(try f.uniform("r")), wIn = Double(try f.uniform("w_in"))
            let (tauM, tauS) = (tauMem / dt, tauSyn / dt)
            guard tauM >= 1, tauS >= 1 else {
                throw .unsupported(node: f.name, type: "CubaLIF", reason: "tau_mem and tau_syn must be at least one step (dt = \(dt) s)")
            }
            // NIR: syn ← α·syn + (w_in·dt/τ_syn)·I, v ← β·v + (r·dt/τ_mem)·syn; the engine feeds I/τs to the PSC.
            let gain = (wIn * dt / tauSyn) * (r * dt / tauMem) * tauS
            return Neuron(SynapticLIF(tauM: Float(tauM), tauS: Float(tauS),
                                      threshold: try positive(threshold / gain, "the threshold over the input gain"), reset: .zero))
        }
    }
}
