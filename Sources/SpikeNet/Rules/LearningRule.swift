/// Any registered learning rule as one value (what `NetworkConfig` and the layers hold). Equal when the rules
/// are; encodes as `{"<checkpointKey>": {"_0": {options}}}`, the layout checkpoints have always used.
public struct LearningRule: Sendable, Hashable, Codable {
    public let model: any LearningRuleModel

    public init(_ model: any LearningRuleModel) { self.model = model }

    /// Every rule the YAML and checkpoints may name. Add a new rule's type here.
    public static let registry: [any LearningRuleModel.Type] = [
        STBP.self, BPSA.self, TSSLBP.self, MultiThresholdRule.self,
    ]

    /// The registered rule with this YAML kind.
    public static func registered(kind: String) -> (any LearningRuleModel.Type)? { registry.first { $0.kind == kind } }

    public var name: String { type(of: model).name }
    public var kind: String { type(of: model).kind }

    /// Whether this rule can train `neuron`.
    public func supports(_ neuron: Neuron) -> Bool { type(of: model).trains(type(of: neuron.model)) }

    /// Which registered neurons each rule trains, as the YAML names them ("stbp with lif or if, …").
    public static var pairings: String {
        var pairs: [String] = []
        for rule in registry {
            var neurons: [String] = []
            for neuron in Neuron.registry where rule.trains(neuron) { neurons.append(neuron.kind) }
            pairs.append(rule.kind + " with " + neurons.joined(separator: " or "))
        }
        return pairs.joined(separator: ", ")
    }

    public static func == (a: LearningRule, b: LearningRule) -> Bool { AnyHashable(a.model) == AnyHashable(b.model) }
    public func hash(into hasher: inout Hasher) { hasher.combine(AnyHashable(model)) }

    public init(from decoder: any Decoder) throws {
        model = try RegisteredModel.decode(from: decoder, among: Self.registry, what: "learning rule") as! any LearningRuleModel
    }

    public func encode(to encoder: any Encoder) throws { try RegisteredModel.encode(model, to: encoder) }
}
