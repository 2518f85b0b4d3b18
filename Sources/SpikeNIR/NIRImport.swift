import SpikeNet

/// A NIR graph as an engine network: the spec, input shape and neuron of a `NetworkConfig` and the weights by the
/// names `Network` gives its layers (`layerN.weight`, `layerN.bias`), so `Network(config).load(parameters)` runs
/// it. The graph must be one chain Input → (synapse → neuron | pool | flatten)… → [voting Linear] → Output, with
/// every neuron node mapping to the same engine neuron (the engine has one neuron model per network).
public struct NIRNetwork: Sendable {
    public var spec: String
    public var inputShape: [Int]
    public var neuron: Neuron
    public var parameters: [Parameter]

    /// A network config with the first learning rule that trains the neuron (import does not train; the rule
    /// only completes the config).
    public var config: NetworkConfig {
        let rule = LearningRule.registry.compactMap { type -> LearningRule? in
            guard let model = try? type.init(constants: DefaultConstants()) else { return nil }
            let rule = LearningRule(model)
            return rule.supports(neuron) ? rule : nil
        }.first ?? .stbp(STBP())
        return NetworkConfig(spec: spec, inputShape: inputShape, neuron: neuron, rule: rule, loss: .rateMSE)
    }

    /// The engine network with the graph's weights loaded.
    public func makeNetwork() throws(SpikeNetError) -> Network {
        var network = try Network(config)
        try network.load(parameters)
        return network
    }

    public init(_ graph: NIRGraph) throws(NIRError) {
        let chain = try NIRChainWalk.chain(graph)
        let input = NIRFields(name: chain[0].name, node: chain[0].node)
        var shape = try input.integers("shape")
        if shape.count == 2 { shape = [1] + shape }
        guard shape.count == 3, shape.allSatisfy({ $0 > 0 }) else {
            throw .unsupported(node: chain[0].name, type: "Input", reason: "input shape \(shape) is not [C, H, W] "
                               + "(the engine runs frames; a flat input needs a Flatten after a [C, H, W] Input)")
        }
        var builder = NIRNetworkBuilder(inputShape: shape)
        for (name, node) in chain.dropFirst() where node.type != "Output" {
            try builder.add(NIRFields(name: name, node: node))
        }
        let (spec, neuron, parameters) = try builder.finish()
        self.spec = spec
        inputShape = shape
        self.neuron = neuron
        self.parameters = parameters
    }
}
