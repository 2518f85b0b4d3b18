/// Everything that can go wrong building, feeding or restoring a network, phrased for the person who has
/// to fix the spec, the data or the checkpoint.
public enum SpikeNetError: Error, CustomStringConvertible, Equatable {
    case badSpec(spec: String, token: String, reason: String)
    case specInputMismatch(spec: String, named: Int, inputShape: [Int])
    case shapeMismatch(layer: String, expected: String, got: String)
    case incompatible(rule: String, neuron: String)
    case badInput(reason: String)
    case missingParameter(name: String)
    case parameterShape(name: String, expected: [Int], got: [Int])
    case badOption(name: String, value: String, reason: String)

    public var description: String {
        switch self {
        case let .badSpec(spec, token, reason):
            return "network spec \"\(spec)\": token \"\(token)\" \(reason). Use tokens like 400 (dense), "
                + "12C5 (12 conv filters 5×5), P2/AP2 (average pool), MP2 (max pool), DP or DP0.3 (dropout), "
                + "10V10 (10 classes voting over 10 neurons each), e.g. 12C5-P2-64C5-P2-10 or 2312-400-400-10."
        case let .specInputMismatch(spec, named, inputShape):
            let size = inputShape.reduce(1, *), rest = spec.split(separator: "-").dropFirst().joined(separator: "-")
            return "network spec \"\(spec)\" starts with \(named), but the input has \(size) values "
                + "(\(inputShape.map(String.init).joined(separator: "×"))); a leading number followed by two or more "
                + "layers names the input. Write \(size)-\(rest), or \(size)-\(spec) to keep \(named) as a hidden layer."
        case let .shapeMismatch(layer, expected, got):
            return "\(layer): expected input \(expected) but got \(got); check the network spec against the data shape."
        case let .incompatible(rule, neuron):
            return "learning rule \(rule) cannot train \(neuron) neurons; pair STBP and BPSA with lif, "
                + "TSSL-BP with synaptic-lif, multi-threshold surrogates with multi-threshold neurons."
        case let .badInput(reason):
            return "bad network input: \(reason)."
        case let .missingParameter(name):
            return "checkpoint has no parameter \"\(name)\"; it was saved from a different network spec."
        case let .parameterShape(name, expected, got):
            return "checkpoint parameter \"\(name)\" has shape \(got) but this network needs \(expected); "
                + "it was saved from a different network spec."
        case let .badOption(name, value, reason):
            return "option \(name) = \(value): \(reason)."
        }
    }
}
