/// Turns input spike frames into TSSL-BP's unweighted PSCs `a[t] = (1 − 1/τs)·a[t−1] + x[t]/τs`, the input the
/// first synaptic layer integrates (Eq. 6). Always the first layer, so it never propagates an error.
public struct SynapticFilter: Layer {
    public let tauS: Float

    public init(tauS: Float) { self.tauS = tauS }

    public func outputShape(for input: [Int]) throws(SpikeNetError) -> [Int] { input }

    public var parameters: [Parameter] {
        get { [] }
        set {}
    }

    public mutating func forward(_ x: Tensor, _ context: RunContext) -> Tensor {
        var y = x
        let e = x.count / context.timeSteps
        let decay = 1 - 1 / tauS
        for i in 0..<e { y.data[i] = x.data[i] / tauS }
        for t in 1..<max(context.timeSteps, 1) {
            for i in 0..<e { y.data[t * e + i] = decay * y.data[(t - 1) * e + i] + x.data[t * e + i] / tauS }
        }
        return y
    }

    public mutating func backward(_ g: LayerGradient, _ context: RunContext, needInput: Bool) -> LayerGradient? {
        precondition(!needInput, "SynapticFilter is only used as the first layer")
        return nil
    }
}
