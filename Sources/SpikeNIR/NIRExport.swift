import SpikeCache
import SpikeNet

/// A trained network as a NIR graph: `input` → one node per engine layer (in order) → `output`, a chain. Each
/// Dense becomes an Affine, each Conv2d a Conv2d (with a following BatchNorm folded into its weights and bias), each
/// average pool an AvgPool2d, each Flatten a Flatten, each spiking layer the NIR neuron of its model
/// (`NIRExport+Neurons`), a voting layer a Linear that averages each class's voters; dropout is the identity at
/// inference and is left out. What NIR cannot express is refused with the layer's name.
public enum NIRExport {
    public static func graph(of network: Network) throws(NIRError) -> NIRGraph {
        var chain = NIRChain(input: network.config.inputShape)
        var shape = network.config.inputShape
        var lastSynapse = "input"
        for (index, layer) in network.layers.enumerated() {
            let output = network.shapes[index]
            switch layer {
            case let dense as Dense:
                lastSynapse = dense.weight.name.replacingOccurrences(of: ".weight", with: "")
                chain.append(lastSynapse, affine(dense, inputs: shape.reduce(1, *), outputs: output.reduce(1, *)))
            case let conv as Conv2d:
                lastSynapse = conv.weight.name.replacingOccurrences(of: ".weight", with: "")
                chain.append(lastSynapse, conv2d(conv, input: shape, output: output))
            case let norm as BatchNorm:
                try chain.foldIntoLast(norm, name: lastSynapse)
            case let spiking as SpikingLayer:
                chain.append(lastSynapse + ".neurons", try neuron(spiking.neuron, shape: output, name: lastSynapse + ".neurons"))
            case let pool as Pool2d:
                chain.append("pool\(index)", try pool2d(pool, name: "pool\(index)"))
            case is Flatten:
                chain.append("flatten\(index)", flatten(input: shape))
            case let vote as Vote:
                chain.append("vote", voting(vote))
            case is Dropout:
                break
            case is SynapticFilter:
                // The input PSC of a synaptic network is the first CubaLIF's synaptic current (see NIRExport+Neurons).
                guard network.config.neuron.model.synapticTau != nil else {
                    throw .unsupported(node: "layer \(index)", type: "SynapticFilter", reason: "it only belongs to synaptic-LIF networks")
                }
            default:
                throw .unsupported(node: "layer \(index)", type: "\(type(of: layer))", reason: "it has no NIR mapping")
            }
            shape = output
        }
        return chain.finish(output: network.outputShape)
    }
}

/// The nodes of a chain graph as they are appended, with the edges between consecutive ones.
struct NIRChain {
    private(set) var names: [String] = ["input"]
    private(set) var nodes: [String: NIRNode]

    init(input: [Int]) {
        nodes = ["input": NIRNode(type: "Input", fields: ["shape": .integers(shape: [input.count], values: input.map(Int64.init))])]
    }

    mutating func append(_ name: String, _ node: NIRNode) {
        names.append(name)
        nodes[name] = node
    }

    /// Folds an evaluation-mode BatchNorm `γ·(x − μ)/√(σ² + ε) + β` into the convolution before it.
    mutating func foldIntoLast(_ norm: BatchNorm, name: String) throws(NIRError) {
        guard names.last == name, var node = nodes[name], node.type == "Conv2d" || node.type == "Affine",
              case let .floats(weightShape, weight)? = node.fields["weight"],
              case let .floats(biasShape, bias)? = node.fields["bias"] else {
            throw .unsupported(node: norm.gamma.name, type: "BatchNorm", reason: "it does not follow a convolution or dense layer")
        }
        let channels = bias.count, perChannel = weight.count / max(channels, 1)
        var w = weight, b = bias
        for c in 0..<channels {
            let scale = norm.gamma.value[c] / (norm.runningVar.value[c] + norm.epsilon).squareRoot()
            for i in 0..<perChannel { w[c * perChannel + i] *= scale }
            b[c] = (bias[c] - norm.runningMean.value[c]) * scale + norm.beta.value[c]
        }
        node.fields["weight"] = .floats(shape: weightShape, values: w)
        node.fields["bias"] = .floats(shape: biasShape, values: b)
        nodes[name] = node
    }

    func finish(output: [Int]) -> NIRGraph {
        var nodes = nodes
        nodes["output"] = NIRNode(type: "Output", fields: ["shape": .integers(shape: [output.count], values: output.map(Int64.init))])
        let all = names + ["output"]
        return NIRGraph(nodes: nodes, edges: zip(all, all.dropFirst()).map { NIREdge($0, $1) })
    }
}
