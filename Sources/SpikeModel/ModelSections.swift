import SpikeNet

/// `network:` — the layer spec and how the input frames and weights are prepared.
public struct NetworkSection: Sendable, Codable, Hashable {
    /// How cached frame counts enter the network.
    public enum Input: String, Sendable, Codable, CaseIterable {
        /// Counts clipped to 1: a pixel spiked in the frame or not (the papers' spike input).
        case binary
        /// Counts as they are.
        case counts
    }

    /// Layer spec such as `12C5-P2-64C5-P2-10` or `2312-400-10` (see `SpecToken`).
    public enum Padding: String, Sendable, Codable, CaseIterable {
        /// No padding: each k×k convolution shrinks H and W by k − 1 (TSSL-BP, multi-threshold CNNs).
        case valid
        /// Zero padding k/2: odd kernels keep H×W (BPSA's 3×3 Conv-BN-LIF blocks).
        case same
    }

    public var spec: String
    public var batchNorm: Bool
    public var initGain: Float
    public var input: Input
    public var padding: Padding

    enum CodingKeys: String, CodingKey, CaseIterable {
        case spec, input, padding
        case batchNorm = "batch_norm", initGain = "init_gain"
    }

    public init(spec: String, batchNorm: Bool = false, initGain: Float = 1, input: Input = .binary,
                padding: Padding = .valid) {
        self.spec = spec
        self.batchNorm = batchNorm
        self.initGain = initGain
        self.input = input
        self.padding = padding
    }

    public init(from decoder: any Decoder) throws {
        let c = try ConfigSection(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        let spec = try c.required("spec", String.self, expected: "a layer spec such as 12C5-P2-64C5-P2-10")
        do { _ = try SpecToken.parse(spec) } catch {
            throw PipelineConfigError.invalid(key: c.qualified("spec"), reason: error.description)
        }
        self.init(spec: spec,
                  batchNorm: try c.optional("batch_norm", Bool.self, expected: "true or false") ?? false,
                  initGain: try c.number("init_gain", Float.self, allowed: "> 0") { $0 > 0 } ?? 1,
                  input: try c.choice("input", Input.self) ?? .binary,
                  padding: try c.choice("padding", Padding.self) ?? .valid)
    }
}

/// `neuron:` — the neuron model (`kind:`, any in `Neuron.registry`) and its constants (omitted ones take each
/// paper's defaults).
public typealias NeuronSection = ModelSection<NeuronChoices>

/// `rule:` — the learning rule (`kind:`, any in `LearningRule.registry`) and its options (omitted ones take each
/// paper's defaults).
public typealias RuleSection = ModelSection<RuleChoices>

public enum NeuronChoices: ModelChoices {
    public static var models: [any ConfigurableModel.Type] { Neuron.registry }
    public static var fallback: String { LIF.kind }
    public static func wrap(_ model: any ConfigurableModel) -> Neuron { Neuron(model as! any NeuronModel) }
}

public enum RuleChoices: ModelChoices {
    public static var models: [any ConfigurableModel.Type] { LearningRule.registry }
    public static var fallback: String { STBP.kind }
    public static func wrap(_ model: any ConfigurableModel) -> LearningRule { LearningRule(model as! any LearningRuleModel) }
}
