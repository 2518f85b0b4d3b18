/// BPSA's voting output: `classes·voters` neurons become `classes` values, each the mean of its group of
/// `voters` consecutive neurons (per row; the loss then averages over time).
public struct Vote: Layer {
    public let classes: Int
    public let voters: Int

    public init(classes: Int, voters: Int) {
        self.classes = classes
        self.voters = voters
    }

    public func outputShape(for input: [Int]) throws(SpikeNetError) -> [Int] {
        guard input.reduce(1, *) == classes * voters else {
            throw .shapeMismatch(layer: "vote \(classes)×\(voters)", expected: "\(classes * voters) values",
                                 got: "\(input)")
        }
        return [classes]
    }

    public var parameters: [Parameter] {
        get { [] }
        set {}
    }

    public mutating func forward(_ x: Tensor, _ context: RunContext) -> Tensor {
        let rows = x.count / (classes * voters)
        var y = Tensor(zeros: [rows, classes])
        let scale = 1 / Float(voters)
        for r in 0..<rows {
            for k in 0..<classes {
                var s: Float = 0
                for v in 0..<voters { s += x.data[(r * classes + k) * voters + v] }
                y.data[r * classes + k] = s * scale
            }
        }
        return y
    }

    public mutating func backward(_ g: LayerGradient, _ context: RunContext, needInput: Bool) -> LayerGradient? {
        guard needInput else { return nil }
        let (classes, voters) = (classes, voters)
        return g.map { t in
            var dx = Tensor(zeros: [t.count / classes, classes * voters])
            let scale = 1 / Float(voters)
            for i in 0..<dx.count { dx.data[i] = t.data[i / voters] * scale }
            return dx
        }
    }
}
