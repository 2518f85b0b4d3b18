import SpikeFormats
import SpikeNet

extension GradientCase {
    /// Runs the case's forward and backward pass and returns the result arrays (loss, s/u/a/dI/delta/dW/db per
    /// layer), float64, shapes as the format gives them.
    public func result() throws(SpikeNetError) -> [String: NumPyArray] {
        var network = try network()
        let (loss, traces) = try network.traceGradients(input, desired: desired)
        var out: [String: NumPyArray] = ["loss": .float64([Double(loss)], shape: [])]
        for (l, trace) in traces.enumerated() {
            let shape = [steps, batch] + outputShapes[l]
            func put(_ key: String, _ values: [Float]) { out["\(key)\(l)"] = .float64(values.map(Double.init), shape: shape) }
            put("s", trace.spikes)
            put("u", trace.membrane)
            if let psc = trace.psc { put("a", psc) }
            put("dI", trace.currentGradient)
            if let delta = trace.propagated { put("delta", delta) }
            let w = trace.weightGradient
            if denseLayers[l] {  // the engine's [in, out] → nn.Linear's [out, in]
                let (fanIn, n) = (w.shape[0], w.shape[1])
                out["dW\(l)"] = .float64((0..<n * fanIn).map { Double(w.grad[($0 % fanIn) * n + $0 / fanIn]) }, shape: [n, fanIn])
            } else {
                out["dW\(l)"] = .float64(w.grad.map(Double.init), shape: w.shape)
            }
            out["db\(l)"] = .float64(trace.biasGradient.grad.map(Double.init), shape: trace.biasGradient.shape)
        }
        return out
    }
}
