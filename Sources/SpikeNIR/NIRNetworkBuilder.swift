import SpikeNet

/// Turns the chain's nodes, in order, into spec tokens, weights and the one neuron model: a synapse node (Affine,
/// Linear, Conv2d) waits for the neuron node after it and becomes one engine layer (`NIRNetworkBuilder+Neurons`
/// maps the neurons); pools and flattens in between become pool tokens or nothing (the engine flattens before a
/// dense layer itself). A Linear that averages groups after the last neuron layer is read back as voting.
struct NIRNetworkBuilder {
    private(set) var shape: [Int]
    private let inputShape: [Int]
    private var tokens: [String] = []
    private var parameters: [Parameter] = []
    private var pending: (fields: NIRFields, token: String, weight: [Int], weightValues: [Float], bias: [Float])?
    private var neuron: (model: Neuron, node: String)?

    init(inputShape: [Int]) {
        self.inputShape = inputShape
        shape = inputShape
    }

    mutating func add(_ f: NIRFields) throws(NIRError) {
        let (name, type) = (f.name, f.node.type)
        switch type {
        case "Affine", "Linear", "Conv2d":
            if let pending {
                throw .unsupported(node: name, type: type, reason: "it follows '\(pending.fields.name)' "
                                   + "(\(pending.fields.node.type)) without a neuron node between them")
            }
            pending = type == "Conv2d" ? try conv(f) : try dense(f)
        case "AvgPool2d":
            try requireNoPending(f)
            let size = try poolSize(f)
            tokens.append("P\(size)")
            shape = [shape[0], shape[1] / size, shape[2] / size]
        case "Flatten":
            try requireNoPending(f)
            let start = (try? f.integers("start_dim").first) ?? 0, end = (try? f.integers("end_dim").first) ?? -1
            guard start == 0, end == -1 || end == shape.count - 1 else {
                throw .unsupported(node: name, type: type, reason: "it flattens dims \(start)…\(end) of \(shape); the engine "
                                   + "flattens a whole sample (start_dim 0, end_dim −1)")
            }
            shape = [shape.reduce(1, *)]
        case "LIF", "IF", "CubaLIF":
            guard let synapse = pending else {
                throw .unsupported(node: name, type: type, reason: "a neuron node must follow an Affine, Linear or Conv2d node")
            }
            let model = try Self.neuron(f, count: shape.reduce(1, *))
            if let neuron, neuron.model != model {
                throw .unsupported(node: name, type: type, reason: "its neurons (\(model.model)) differ from those of "
                                   + "'\(neuron.node)' (\(neuron.model.model)); the engine runs one neuron model per network")
            }
            neuron = (model, name)
            let layer = "layer\(tokens.count)"
            tokens.append(synapse.token)
            parameters.append(Parameter(name: layer + ".weight", shape: synapse.weight, value: synapse.weightValues))
            parameters.append(Parameter(name: layer + ".bias", shape: [synapse.bias.count], value: synapse.bias))
            pending = nil
        case "SumPool2d":
            throw .unsupported(node: name, type: type, reason: "the engine pools by averaging (AvgPool2d)")
        default:
            throw .unsupported(node: name, type: type, reason: "the engine has no layer for it (it runs Affine, Linear, "
                               + "Conv2d, AvgPool2d, Flatten, LIF, IF and CubaLIF chains)")
        }
    }

    /// The spec (with the input size in front when it starts with a dense layer, as `SpecToken.parse` reads it),
    /// the neuron and the weights.
    mutating func finish() throws(NIRError) -> (String, Neuron, [Parameter]) {
        if let pending { try readVoting(pending.fields) }
        guard let neuron else {
            throw .graphShape(reason: "it has no neuron node (LIF, IF or CubaLIF); the engine runs spiking layers")
        }
        var spec = tokens
        if let first = spec.first, Int(first) != nil { spec.insert("\(inputShape.reduce(1, *))", at: 0) }
        return (spec.joined(separator: "-"), neuron.model, parameters)
    }

    private func requireNoPending(_ f: NIRFields) throws(NIRError) {
        guard let pending else { return }
        throw .unsupported(node: pending.fields.name, type: pending.fields.node.type,
                           reason: "it is followed by '\(f.name)' (\(f.node.type)) instead of a neuron node")
    }

    /// Affine or Linear, weight `[out, in]` → dense token, weight `[in, out]`.
    private mutating func dense(_ f: NIRFields) throws(NIRError) -> (NIRFields, String, [Int], [Float], [Float]) {
        let (wShape, w) = try f.floats("weight")
        let inputs = shape.reduce(1, *)
        guard wShape.count == 2, wShape[1] == inputs else {
            throw .badNode(node: f.name, type: f.node.type, reason: "weight \(wShape) does not take the \(inputs) inputs before it")
        }
        let outputs = wShape[0]
        let bias = f.node.type == "Affine" ? try f.floats("bias").values : [Float](repeating: 0, count: outputs)
        guard bias.count == outputs else {
            throw .badNode(node: f.name, type: f.node.type, reason: "bias has \(bias.count) values for \(outputs) outputs")
        }
        var transposed = [Float](repeating: 0, count: w.count)
        for o in 0..<outputs { for i in 0..<inputs { transposed[i * outputs + o] = w[o * inputs + i] } }
        shape = [outputs]
        return (f, "\(outputs)", [inputs, outputs], transposed, bias)
    }

    /// Conv2d with stride 1, dilation 1, one group, a square kernel and equal padding → `FCkPp`.
    private mutating func conv(_ f: NIRFields) throws(NIRError) -> (NIRFields, String, [Int], [Float], [Float]) {
        let (wShape, w) = try f.floats("weight")
        guard shape.count == 3, wShape.count == 4, wShape[1] == shape[0] else {
            throw .badNode(node: f.name, type: f.node.type, reason: "weight \(wShape) does not take the \(shape) input before it")
        }
        let kernel = wShape[2]
        let stride = try f.integers("stride"), dilation = (try? f.integers("dilation")) ?? [1]
        let groups = (try? f.integers("groups")) ?? [1], padding = try f.integers("padding")
        guard wShape[3] == kernel, stride.allSatisfy({ $0 == 1 }), dilation.allSatisfy({ $0 == 1 }), groups == [1],
              let p = padding.first, padding.allSatisfy({ $0 == p }), p >= 0 else {
            throw .unsupported(node: f.name, type: f.node.type, reason: "the engine convolves with square kernels, stride 1, "
                               + "dilation 1, one group and equal zero padding (got kernel \(Array(wShape[2...])), stride "
                               + "\(stride), dilation \(dilation), groups \(groups), padding \(padding))")
        }
        let bias = (try? f.floats("bias").values) ?? [Float](repeating: 0, count: wShape[0])
        shape = [wShape[0], shape[1] + 2 * p - kernel + 1, shape[2] + 2 * p - kernel + 1]
        return (f, "\(wShape[0])C\(kernel)P\(p)", wShape, w, bias)
    }

    private func poolSize(_ f: NIRFields) throws(NIRError) -> Int {
        let kernel = try f.integers("kernel_size"), stride = try f.integers("stride")
        let padding = (try? f.integers("padding")) ?? [0]
        guard shape.count == 3, let k = kernel.first, kernel.allSatisfy({ $0 == k }), stride.allSatisfy({ $0 == k }),
              padding.allSatisfy({ $0 == 0 }), k > 0, shape[1] >= k, shape[2] >= k else {
            throw .unsupported(node: f.name, type: f.node.type, reason: "the engine pools square windows with stride = "
                               + "window and no padding over [C, H, W] (got kernel \(kernel), stride \(stride), padding \(padding))")
        }
        return k
    }

    /// A bias-free Linear after the last neuron layer whose row k averages inputs k·V ..< (k+1)·V: the engine's voting.
    private mutating func readVoting(_ f: NIRFields) throws(NIRError) {
        let notFollowed = NIRError.unsupported(node: f.name, type: f.node.type, reason: "it is not followed by a neuron node "
                                               + "and is not a voting layer (a Linear averaging equal groups)")
        guard f.node.type == "Linear", let last = tokens.last, let inputs = Int(last), let w = try? f.floats("weight"),
              w.shape.count == 2, w.shape[1] == inputs, w.shape[0] > 0, inputs % w.shape[0] == 0 else { throw notFollowed }
        let (classes, voters) = (w.shape[0], inputs / w.shape[0])
        for k in 0..<classes {
            for i in 0..<inputs where abs(w.values[k * inputs + i] - (i / voters == k ? 1 / Float(voters) : 0)) > 1e-6 {
                throw notFollowed
            }
        }
        tokens[tokens.count - 1] = "\(classes)V\(voters)"
        pending = nil
    }
}
