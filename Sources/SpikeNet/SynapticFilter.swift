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
        var rest = [Float](repeating: 0, count: x.count / max(context.timeSteps, 1))
        return filter(x, steps: context.timeSteps, psc: &rest)
    }

    /// Filters `steps` rows of `x` starting from the PSCs `psc` (one per input element) of the step before, and
    /// leaves the last step's PSCs there: the whole-sample pass starts from zeros, streaming carries them.
    func filter(_ x: Tensor, steps: Int, psc: inout [Float]) -> Tensor {
        var y = x
        let e = psc.count
        let decay = 1 - 1 / tauS
        for t in 0..<steps {
            for i in 0..<e {
                psc[i] = decay * psc[i] + x.data[t * e + i] / tauS
                y.data[t * e + i] = psc[i]
            }
        }
        return y
    }

    public mutating func backward(_ g: LayerGradient, _ context: RunContext, needInput: Bool) -> LayerGradient? {
        precondition(!needInput, "SynapticFilter is only used as the first layer")
        return nil
    }
}
