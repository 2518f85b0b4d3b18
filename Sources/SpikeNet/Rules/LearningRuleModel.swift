/// A learning rule: which neurons it trains, which forward traces its backward pass reads, and the backward
/// recurrence itself, run by `SpikingLayer` over blocks of neurons (each worker owns a `range` of the E
/// neurons of the `[T, E]` arrays through all T steps).
///
/// A new rule is one file with a type conforming to this protocol plus one line in `LearningRule.registry`.
public protocol LearningRuleModel: ConfigurableModel {
    /// Display name in reports and errors (default: the YAML kind with dashes).
    static var name: String { get }
    /// Whether it can train neurons of this model (usually: the model conforms to a capability protocol).
    static func trains(_ neuron: any NeuronModel.Type) -> Bool
    /// The float traces its backward pass reads besides the spikes (kept as bytes for every rule) and a
    /// synaptic neuron's PSC (its output, always kept); the forward pass keeps only these.
    var saves: SavedTraces { get }
    /// Whether it propagates to the layer below a different error than the one its weights learn from
    /// (written to `RuleBackward.down`): the multi-threshold rule (Xu et al., Eq. 9 vs Eq. 12).
    var propagatesSeparately: Bool { get }
    /// Whether its backward reads `RuleBackward.layerFiringRate` (the whole layer's, which a worker's range
    /// cannot see); the layer computes it only then.
    var readsLayerFiringRate: Bool { get }
    /// Writes ∂L/∂I (the input current) into `pass.gu` for neurons `range`, from ∂L/∂(layer output) in `pass.grad`.
    /// `neuron` is of a model `trains` accepted.
    func backward(_ neuron: any NeuronModel, _ pass: RuleBackward, range: Range<Int>)
}

extension LearningRuleModel {
    public var propagatesSeparately: Bool { false }
    public var readsLayerFiringRate: Bool { false }
    /// Display name in reports and errors: the YAML kind with dashes.
    public static var name: String { String(kind.map { $0 == "_" ? "-" : $0 }) }
}

/// Float forward traces a rule's backward pass can ask for, each `[T, E]`.
public struct SavedTraces: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// u[t], the membrane before reset.
    public static let membrane = SavedTraces(rawValue: 1)
    /// u[t] − u_post[t−1], the membrane's change in the step.
    public static let change = SavedTraces(rawValue: 2)
}

/// The arrays of one backward call, `[T, E]` each with row stride `width`; traces the rule did not ask for
/// point at empty storage.
public struct RuleBackward {
    /// ∂L/∂(layer output).
    public let grad: UnsafeMutablePointer<Float>
    public let u: UnsafeMutablePointer<Float>
    /// Spikes per step, as bytes (0/1 for binary neurons).
    public let s: UnsafeMutablePointer<UInt8>
    public let du: UnsafeMutablePointer<Float>
    public let a: UnsafeMutablePointer<Float>
    /// Out: ∂L/∂I.
    public let gu: UnsafeMutablePointer<Float>
    /// Out, for rules that propagate separately: the error for the layer below.
    public let down: UnsafeMutablePointer<Float>?
    public let steps: Int
    public let width: Int
    /// Spikes per neuron and step over the whole layer and batch, when the rule `readsLayerFiringRate` (else 0).
    public let layerFiringRate: Float

    /// Time steps from last to first.
    var backwards: StrideThrough<Int> { Swift.stride(from: steps - 1, through: 0, by: -1) }
}
