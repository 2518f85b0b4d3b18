/// Inverted dropout with one mask per sample shared by all time steps (a dropped neuron stays silent for the
/// whole sequence, as in SNN "neuron dropout"); identity in evaluation. Each training pass's masks come from
/// (seed, `RunContext.pass`) alone, so a resumed run masks as the uninterrupted one did.
public struct Dropout: Layer {
    public let rate: Float
    let seed: UInt64
    private var mask: [Float] = []

    public init(rate: Float, seed: UInt64) {
        precondition(rate >= 0 && rate < 1, "dropout rate must be in [0, 1)")
        self.rate = rate
        self.seed = seed
    }

    public func outputShape(for input: [Int]) throws(SpikeNetError) -> [Int] { input }

    public var parameters: [Parameter] {
        get { [] }
        set {}
    }

    public mutating func forward(_ x: Tensor, _ context: RunContext) -> Tensor {
        guard context.training, rate > 0 else {
            mask = []
            return x
        }
        mask = mask(values: context.batch * x.rowSize, pass: context.pass)
        return applyMask(x)
    }

    public mutating func backward(_ g: LayerGradient, _ context: RunContext, needInput: Bool) -> LayerGradient? {
        guard needInput else { return nil }
        return mask.isEmpty ? g : g.map(applyMask)
    }

    /// The mask of training pass `pass` for one time step of `values` values (B · neurons): 0 or 1/(1 − rate).
    public func mask(values: Int, pass: UInt64) -> [Float] {
        let keep = 1 / (1 - rate)
        var random = NetRandom(seed: seed, stream: pass)
        return (0..<values).map { _ in random.uniform(0, 1) < rate ? 0 : keep }
    }

    private func applyMask(_ x: Tensor) -> Tensor {
        var y = x
        let n = mask.count
        for i in 0..<y.count { y.data[i] *= mask[i % n] }
        return y
    }
}

extension Dropout {
    /// Keeps its mask.
    public func footprint(input: [Int]) -> LayerFootprint {
        var f = LayerFootprint.passThrough(input: input, output: input)
        f.keptPerRow = 4 * input.reduce(1, *)
        return f
    }
}
