import SpikeNet

extension GradientCase {
    /// The case's network with the case's parameters loaded.
    public func network() throws(SpikeNetError) -> Network {
        var network = try Network(config)
        var parameters = network.parameters
        for (l, (weight, bias)) in weights.enumerated() {
            guard let w = parameters.firstIndex(where: { $0.name == "layer\(l).weight" }),
                  let b = parameters.firstIndex(where: { $0.name == "layer\(l).bias" }) else { throw .missingParameter(name: "layer\(l)") }
            parameters[w].value = weight
            parameters[b].value = bias
        }
        try network.load(parameters)
        return network
    }

    /// The case's input `[B, T, C, H, W]` and its loss's desired values (`Loss.evaluate(_:desired:…)` layout).
    public var data: (input: Tensor, desired: Tensor) { (input, desired) }
}
