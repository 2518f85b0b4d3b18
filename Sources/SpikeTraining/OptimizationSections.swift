import SpikeModel
import SpikeNet

/// `loss:` — a kind alone (`loss: rate_mse`) or a mapping with the kind's targets.
public struct LossSection: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case rateMSE = "rate_mse", psc
        case spikeCount = "spike_count", perStepMSE = "per_step_mse", crossEntropy = "cross_entropy"
    }

    public var kind: Kind
    /// Desired output for the true class (spike count for psc/spike_count, value per step for per_step_mse).
    public var target: Float?
    /// Desired output for the other classes.
    public var other: Float?
    /// psc: synaptic time constant of the desired PSC (default: the neuron's τs).
    public var tauS: Float?
    /// cross_entropy: logits = scale · mean rate.
    public var scale: Float?
    /// Batch mean (default) or sum, ½ on squared errors (default) or not, mean over classes or not.
    public var options = LossOptions()

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, target, other, scale, reduction, halve
        case tauS = "tau_s", classMean = "class_mean"
    }

    static func keys(_ kind: Kind) -> [CodingKeys] {
        switch kind {
        case .rateMSE: [.kind, .reduction, .halve, .classMean]
        case .psc: [.kind, .target, .other, .tauS, .reduction, .halve, .classMean]
        case .spikeCount, .perStepMSE: [.kind, .target, .other, .reduction, .halve, .classMean]
        case .crossEntropy: [.kind, .scale, .reduction]
        }
    }

    public init(kind: Kind = .rateMSE) { self.kind = kind }

    public init(from decoder: any Decoder) throws {
        if let word = try? decoder.singleValueContainer().decode(String.self) {
            guard let kind = Kind(rawValue: word) else {
                throw PipelineConfigError.badValue(key: ConfigSection.keyPath(decoder.codingPath), value: word,
                                                   allowed: "one of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            self.init(kind: kind)
            return
        }
        let c = try ConfigSection(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        self.init(kind: try c.choice("kind", Kind.self) ?? .rateMSE)
        try c.only(Self.keys(kind).map(\.rawValue), because: "kind: \(kind.rawValue)")
        let needsTargets = kind == .psc || kind == .spikeCount || kind == .perStepMSE
        target = try needsTargets ? c.required("target", Float.self, expected: "a number") : nil
        other = try needsTargets ? c.required("other", Float.self, expected: "a number") : nil
        if kind == .psc, let target, let other, target != target.rounded() || other != other.rounded() || other < 0 {
            throw PipelineConfigError.invalid(key: c.path, reason: "psc targets are spike counts: whole numbers ≥ 0")
        }
        tauS = try c.number("tau_s", Float.self, allowed: "≥ 1") { $0 >= 1 }
        scale = try c.number("scale", Float.self, allowed: "> 0") { $0 > 0 }
        options = LossOptions(reduction: try c.choice("reduction") ?? options.reduction,
                              halve: try c.optional("halve", Bool.self, expected: "true or false") ?? options.halve,
                              classMean: try c.optional("class_mean", Bool.self, expected: "true or false") ?? options.classMean)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encodeIfPresent(target, forKey: .target)
        try c.encodeIfPresent(other, forKey: .other)
        try c.encodeIfPresent(tauS, forKey: .tauS)
        try c.encodeIfPresent(scale, forKey: .scale)
        try c.encode(options.reduction, forKey: .reduction)
        if kind != .crossEntropy {
            try c.encode(options.halve, forKey: .halve)
            try c.encode(options.classMean, forKey: .classMean)
        }
    }

    /// The engine's loss; psc takes the neuron's τs unless `tau_s` is given.
    public func loss(neuron: Neuron) -> Loss {
        switch kind {
        case .rateMSE: return .rateMSE
        case .psc:
            let neuronTau = neuron.model.synapticTau ?? SynapticLIF().tauS
            return .psc(target: Int(target ?? 0), other: Int(other ?? 0), tauS: tauS ?? neuronTau)
        case .spikeCount: return .spikeCount(target: target ?? 0, other: other ?? 0)
        case .perStepMSE: return .perStepMSE(target: target ?? 0, other: other ?? 0)
        case .crossEntropy: return .crossEntropy(scale: scale ?? 10)
        }
    }
}

/// `optimizer:` — update rule, learning rate and clipping.
public struct OptimizerSection: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, CaseIterable { case sgd, adam, adamw }

    public var kind: Kind
    public var lr: Float
    public var momentum: Float?
    public var beta1: Float?
    public var beta2: Float?
    public var epsilon: Float?
    public var weightDecay: Float?
    public var weightClip: Float?
    public var gradNormClip: Float?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, lr, momentum, beta1, beta2, epsilon
        case weightDecay = "weight_decay", weightClip = "weight_clip", gradNormClip = "grad_norm_clip"
    }

    static func keys(_ kind: Kind) -> [CodingKeys] {
        let common: [CodingKeys] = [.kind, .lr, .weightClip, .gradNormClip]
        return switch kind {
        case .sgd: common + [.momentum]
        case .adam: common + [.beta1, .beta2, .epsilon]
        case .adamw: common + [.beta1, .beta2, .epsilon, .weightDecay]
        }
    }

    public init(kind: Kind = .adam, lr: Float = 1e-3) {
        self.kind = kind
        self.lr = lr
    }

    public init(from decoder: any Decoder) throws {
        let c = try ConfigSection(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        kind = try c.choice("kind", Kind.self) ?? .adam
        try c.only(Self.keys(kind).map(\.rawValue), because: "kind: \(kind.rawValue)")
        lr = try c.number("lr", Float.self, allowed: "> 0") { $0 > 0 } ?? 1e-3
        momentum = try c.number("momentum", Float.self, allowed: "in [0, 1)") { $0 >= 0 && $0 < 1 }
        beta1 = try c.number("beta1", Float.self, allowed: "in [0, 1)") { $0 >= 0 && $0 < 1 }
        beta2 = try c.number("beta2", Float.self, allowed: "in [0, 1)") { $0 >= 0 && $0 < 1 }
        epsilon = try c.number("epsilon", Float.self, allowed: "> 0") { $0 > 0 }
        weightDecay = try c.number("weight_decay", Float.self, allowed: "≥ 0") { $0 >= 0 }
        weightClip = try c.number("weight_clip", Float.self, allowed: "> 0") { $0 > 0 }
        gradNormClip = try c.number("grad_norm_clip", Float.self, allowed: "> 0") { $0 > 0 }
    }

    /// The engine's optimizer with `schedule` (already in optimizer steps).
    public func optimizer(schedule: Schedule) -> Optimizer {
        let (b1, b2, eps) = (beta1 ?? 0.9, beta2 ?? 0.999, epsilon ?? 1e-8)
        let kind: OptimizerKind = switch self.kind {
        case .sgd: .sgd(momentum: momentum ?? 0.9)
        case .adam: .adam(beta1: b1, beta2: b2, epsilon: eps)
        case .adamw: .adamW(beta1: b1, beta2: b2, epsilon: eps, weightDecay: weightDecay ?? 1e-4)
        }
        return Optimizer(kind, learningRate: lr, schedule: schedule, weightClip: weightClip, gradNormClip: gradNormClip)
    }
}

/// `schedule:` — the learning rate over training, in epochs (converted to optimizer steps by the trainer).
public struct ScheduleSection: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case constant, cosine
        case warmRestarts = "warm_restarts"
    }

    public var kind: Kind
    /// Linear warm-up from 0 over this many epochs (BPSA's code: 5).
    public var warmupEpochs: Int?
    /// cosine: epochs of the decay (default: every epoch after the warm-up); warm_restarts: the first cycle.
    public var periodEpochs: Int?
    /// warm_restarts: each cycle is this many times longer than the last (SGDR's T_mult).
    public var multiplier: Int?
    /// The rate the cosine decays to.
    public var minLR: Float?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, multiplier
        case warmupEpochs = "warmup_epochs", periodEpochs = "period_epochs", minLR = "min_lr"
    }

    static func keys(_ kind: Kind) -> [CodingKeys] {
        switch kind {
        case .constant: [.kind, .warmupEpochs]
        case .cosine: [.kind, .warmupEpochs, .periodEpochs, .minLR]
        case .warmRestarts: [.kind, .warmupEpochs, .periodEpochs, .multiplier, .minLR]
        }
    }

    public init(kind: Kind = .constant) { self.kind = kind }

    public init(from decoder: any Decoder) throws {
        let c = try ConfigSection(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        kind = try c.choice("kind", Kind.self) ?? .constant
        try c.only(Self.keys(kind).map(\.rawValue), because: "kind: \(kind.rawValue)")
        warmupEpochs = try c.number("warmup_epochs", Int.self, allowed: "≥ 0") { $0 >= 0 }
        periodEpochs = try c.number("period_epochs", Int.self, allowed: "≥ 1") { $0 >= 1 }
        if kind == .warmRestarts, periodEpochs == nil { throw PipelineConfigError.missingKey(key: c.qualified("period_epochs")) }
        multiplier = try c.number("multiplier", Int.self, allowed: "≥ 1") { $0 >= 1 }
        minLR = try c.number("min_lr", Float.self, allowed: "≥ 0") { $0 >= 0 }
    }

    /// The engine's schedule for `epochs` epochs of `stepsPerEpoch` optimizer steps each.
    public func schedule(epochs: Int, stepsPerEpoch: Int) -> Schedule {
        let warmup = (warmupEpochs ?? 0) * stepsPerEpoch
        switch kind {
        case .constant:
            return Schedule(.constant, warmUpSteps: warmup)
        case .cosine:
            let epochsLeft = periodEpochs ?? max(1, epochs - (warmupEpochs ?? 0))
            return Schedule(.cosine(steps: epochsLeft * stepsPerEpoch, minimum: minLR ?? 0), warmUpSteps: warmup)
        case .warmRestarts:
            return Schedule(.warmRestarts(period: (periodEpochs ?? 1) * stepsPerEpoch, multiplier: multiplier ?? 1,
                                          minimum: minLR ?? 0), warmUpSteps: warmup)
        }
    }
}
