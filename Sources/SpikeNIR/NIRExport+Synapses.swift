import SpikeCache
import SpikeNet

/// The weighted and shape-only layers as NIR nodes (NIR lays weights out as PyTorch does: `[out, in]`, OIHW).
extension NIRExport {
    /// Dense `y = x·W + b` with W `[in, out]` → Affine with weight `[out, in]`.
    static func affine(_ dense: Dense, inputs: Int, outputs: Int) -> NIRNode {
        let w = dense.weight.value
        var transposed = [Float](repeating: 0, count: w.count)
        for i in 0..<inputs { for o in 0..<outputs { transposed[o * inputs + i] = w[i * outputs + o] } }
        return NIRNode(type: "Affine", fields: ["weight": .floats(shape: [outputs, inputs], values: transposed),
                                               "bias": .floats(shape: [outputs], values: dense.bias.value)])
    }

    /// Conv2d, stride 1, zero padding read back from the shapes (`out = in + 2p − k + 1`).
    static func conv2d(_ conv: Conv2d, input: [Int], output: [Int]) -> NIRNode {
        let kernel = conv.weight.shape[2]
        let padding = (output[1] - input[1] + kernel - 1) / 2
        func pair(_ v: Int) -> HDF5TreeValue { .integers(shape: [2], values: [Int64(v), Int64(v)]) }
        return NIRNode(type: "Conv2d", fields: [
            "weight": .floats(shape: conv.weight.shape, values: conv.weight.value),
            "bias": .floats(shape: conv.bias.shape, values: conv.bias.value),
            "input_shape": .integers(shape: [2], values: [Int64(input[1]), Int64(input[2])]),
            "stride": pair(1), "padding": pair(padding), "dilation": pair(1),
            "groups": .integers(shape: [], values: [1]),
        ])
    }

    /// Average pooling (window = stride = size) → AvgPool2d; NIR has no max pooling.
    static func pool2d(_ pool: Pool2d, name: String) throws(NIRError) -> NIRNode {
        guard pool.kind == .average else {
            throw .unsupported(node: name, type: "MaxPool", reason: "NIR 1.0 has no max-pooling node (only AvgPool2d and SumPool2d)")
        }
        let size = Int64(pool.size)
        return NIRNode(type: "AvgPool2d", fields: ["kernel_size": .integers(shape: [2], values: [size, size]),
                                                  "stride": .integers(shape: [2], values: [size, size]),
                                                  "padding": .integers(shape: [2], values: [0, 0])])
    }

    /// Flatten of the whole per-sample shape (NIR dims exclude the batch: start 0, end −1).
    static func flatten(input: [Int]) -> NIRNode {
        NIRNode(type: "Flatten", fields: ["input_type": .integers(shape: [input.count], values: input.map(Int64.init)),
                                         "start_dim": .integers(shape: [], values: [0]),
                                         "end_dim": .integers(shape: [], values: [-1])])
    }

    /// Voting: class k is the mean of voters k·V ..< (k+1)·V → a Linear with 1/V in those columns of row k.
    static func voting(_ vote: Vote) -> NIRNode {
        let (classes, voters) = (vote.classes, vote.voters)
        var weight = [Float](repeating: 0, count: classes * classes * voters)
        for k in 0..<classes { for v in 0..<voters { weight[k * classes * voters + k * voters + v] = 1 / Float(voters) } }
        return NIRNode(type: "Linear", fields: ["weight": .floats(shape: [classes, classes * voters], values: weight)])
    }
}
