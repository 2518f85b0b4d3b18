/// Any registered neuron model as one value (what `NetworkConfig` and the layers hold). Equal when the models
/// are; encodes as `{"<checkpointKey>": {"_0": {constants}}}`, the layout checkpoints have always used.
public struct Neuron: Sendable, Hashable, Codable {
    public let model: any NeuronModel

    public init(_ model: any NeuronModel) { self.model = model }

    /// Every neuron model the YAML and checkpoints may name. Add a new model's type here.
    public static let registry: [any NeuronModel.Type] = [
        LIF.self, SynapticLIF.self, MultiThresholdLIF.self, IF.self,
    ]

    /// The registered model with this YAML kind.
    public static func registered(kind: String) -> (any NeuronModel.Type)? { registry.first { $0.kind == kind } }

    public var name: String { type(of: model).name }
    public var kind: String { type(of: model).kind }

    public static func == (a: Neuron, b: Neuron) -> Bool { AnyHashable(a.model) == AnyHashable(b.model) }
    public func hash(into hasher: inout Hasher) { hasher.combine(AnyHashable(model)) }

    public init(from decoder: any Decoder) throws {
        model = try RegisteredModel.decode(from: decoder, among: Self.registry, what: "neuron") as! any NeuronModel
    }

    public func encode(to encoder: any Encoder) throws { try RegisteredModel.encode(model, to: encoder) }
}
