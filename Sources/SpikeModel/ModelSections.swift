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
        do { _ = try SpecToken.parse(spec, inputSize: 0) } catch {
            throw PipelineConfigError.invalid(key: c.qualified("spec"), reason: error.description)
        }
        self.init(spec: spec,
                  batchNorm: try c.optional("batch_norm", Bool.self, expected: "true or false") ?? false,
                  initGain: try c.number("init_gain", Float.self, allowed: "> 0") { $0 > 0 } ?? 1,
                  input: try c.choice("input", Input.self) ?? .binary,
                  padding: try c.choice("padding", Padding.self) ?? .valid)
    }
}

/// `neuron:` — the neuron model and its constants (omitted ones take each paper's defaults).
public struct NeuronSection: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case lif
        case synapticLIF = "synaptic_lif"
        case multiThreshold = "multi_threshold"
    }

    public var kind: Kind
    public var decay: Float?
    public var threshold: Float?
    public var reset: Reset?
    public var tauM: Float?
    public var tauS: Float?
    public var maxSpikes: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, decay, threshold, reset
        case tauM = "tau_m", tauS = "tau_s", maxSpikes = "max_spikes"
    }

    static func keys(_ kind: Kind) -> [CodingKeys] {
        switch kind {
        case .lif: [.kind, .decay, .threshold, .reset]
        case .synapticLIF: [.kind, .tauM, .tauS, .threshold, .reset]
        case .multiThreshold: [.kind, .tauM, .threshold, .maxSpikes]
        }
    }

    public init(kind: Kind = .lif) { self.kind = kind }

    public init(from decoder: any Decoder) throws {
        let c = try ConfigSection(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        kind = try c.choice("kind", Kind.self) ?? .lif
        try c.only(Self.keys(kind).map(\.rawValue), because: "kind: \(kind.rawValue)")
        decay = try c.number("decay", Float.self, allowed: "in [0, 1]") { (0...1).contains($0) }
        threshold = try c.number("threshold", Float.self, allowed: "> 0") { $0 > 0 }
        reset = try c.choice("reset", among: [Reset.zero, .subtract])
        tauM = try c.number("tau_m", Float.self, allowed: "≥ 1") { $0 >= 1 }
        tauS = try c.number("tau_s", Float.self, allowed: "≥ 1") { $0 >= 1 }
        maxSpikes = try c.number("max_spikes", Int.self, allowed: "≥ 1") { $0 >= 1 }
    }

    /// The engine's neuron; omitted constants take the engine defaults (each paper's values).
    public var neuron: Neuron {
        switch kind {
        case .lif:
            let d = LIF()
            return .lif(LIF(decay: decay ?? d.decay, threshold: threshold ?? d.threshold, reset: reset ?? d.reset))
        case .synapticLIF:
            let d = SynapticLIF()
            return .synapticLIF(SynapticLIF(tauM: tauM ?? d.tauM, tauS: tauS ?? d.tauS,
                                            threshold: threshold ?? d.threshold, reset: reset ?? d.reset))
        case .multiThreshold:
            let d = MultiThresholdLIF()
            return .multiThreshold(MultiThresholdLIF(tauM: tauM ?? d.tauM, threshold: threshold ?? d.threshold,
                                                     maxSpikes: maxSpikes ?? d.maxSpikes))
        }
    }
}

/// `rule:` — the learning rule (surrogate gradient) and its options.
public struct RuleSection: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case stbp, bpsa, tssl
        case multiThreshold = "multi_threshold"
    }

    /// STBP's surrogates h1–h4 (Wu et al. 2018, Eq. 23–26).
    public enum SurrogateName: String, Sendable, Codable, CaseIterable {
        case h1, h2, h3, h4
    }

    public var kind: Kind
    public var surrogate: SurrogateName?
    /// The surrogate's a_i: width (h1), a (h2), temperature (h3), variance (h4).
    public var width: Float?
    public var detachReset: Bool?
    public var alpha: Float?
    public var clampTimeDerivative: Bool?
    public var warmUp: Bool?
    public var warmUpWidth: Float?
    public var curve: MultiThresholdRule.Curve?
    public var alphaH: Float?
    public var alphaW: Float?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, surrogate, width, alpha, curve
        case detachReset = "detach_reset", clampTimeDerivative = "clamp_time_derivative", warmUp = "warm_up"
        case warmUpWidth = "warm_up_width", alphaH = "alpha_h", alphaW = "alpha_w"
    }

    static func keys(_ kind: Kind) -> [CodingKeys] {
        switch kind {
        case .stbp: [.kind, .surrogate, .width, .detachReset]
        case .bpsa: [.kind, .alpha]
        case .tssl: [.kind, .clampTimeDerivative, .warmUp, .warmUpWidth]
        case .multiThreshold: [.kind, .curve, .alphaH, .alphaW]
        }
    }

    public init(kind: Kind = .stbp) { self.kind = kind }

    public init(from decoder: any Decoder) throws {
        let c = try ConfigSection(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        kind = try c.choice("kind", Kind.self) ?? .stbp
        try c.only(Self.keys(kind).map(\.rawValue), because: "kind: \(kind.rawValue)")
        surrogate = try c.choice("surrogate", SurrogateName.self)
        width = try c.number("width", Float.self, allowed: "> 0") { $0 > 0 }
        detachReset = try c.optional("detach_reset", Bool.self, expected: "true or false")
        alpha = try c.number("alpha", Float.self, allowed: "≥ 0") { $0 >= 0 }
        clampTimeDerivative = try c.optional("clamp_time_derivative", Bool.self, expected: "true or false")
        warmUp = try c.optional("warm_up", Bool.self, expected: "true or false")
        warmUpWidth = try c.number("warm_up_width", Float.self, allowed: "> 0") { $0 > 0 }
        curve = try c.choice("curve", among: [MultiThresholdRule.Curve.f1, .f2, .f3])
        alphaH = try c.number("alpha_h", Float.self, allowed: "> 0") { $0 > 0 }
        alphaW = try c.number("alpha_w", Float.self, allowed: "> 0") { $0 > 0 }
    }

    /// The engine's rule; omitted options take the engine defaults (each paper's values).
    public var rule: LearningRule {
        switch kind {
        case .stbp:
            let a = width ?? 1
            let shape: Surrogate = switch surrogate ?? .h1 {
            case .h1: .rectangular(width: a)
            case .h2: .triangular(a: a)
            case .h3: .sigmoid(a: a)
            case .h4: .gaussian(variance: a)
            }
            return .stbp(STBP(surrogate: shape, detachReset: detachReset ?? false))
        case .bpsa:
            return .bpsa(BPSA(alpha: alpha ?? BPSA().alpha))
        case .tssl:
            let d = TSSLBP()
            return .tssl(TSSLBP(clampTimeDerivative: clampTimeDerivative ?? d.clampTimeDerivative,
                                warmUp: warmUp ?? d.warmUp, warmUpWidth: warmUpWidth ?? d.warmUpWidth))
        case .multiThreshold:
            let d = MultiThresholdRule()
            return .multiThreshold(MultiThresholdRule(curve: curve ?? d.curve, alphaH: alphaH ?? d.alphaH,
                                                      alphaW: alphaW ?? d.alphaW))
        }
    }
}
