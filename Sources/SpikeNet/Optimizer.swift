import Foundation

/// Parameter update rules. State (momentum, moments) is kept per parameter name inside `Optimizer`.
public enum OptimizerKind: Sendable, Codable, Hashable {
    case sgd(momentum: Float)
    case adam(beta1: Float, beta2: Float, epsilon: Float)
    /// Adam with decoupled weight decay (Loshchilov & Hutter), applied to parameters marked `decays`.
    case adamW(beta1: Float, beta2: Float, epsilon: Float, weightDecay: Float)
}

/// Learning-rate schedules over optimizer steps, each with an optional linear warm-up from 0.
public struct Schedule: Sendable, Codable, Hashable {
    public enum Shape: Sendable, Codable, Hashable {
        case constant
        /// Cosine decay from the base rate to `minimum` over `steps` (after the warm-up).
        case cosine(steps: Int, minimum: Float)
        /// SGDR: cosine cycles of `period` steps, each `multiplier` times longer than the last.
        case warmRestarts(period: Int, multiplier: Int, minimum: Float)
    }
    public var shape: Shape
    public var warmUpSteps: Int

    public init(_ shape: Shape = .constant, warmUpSteps: Int = 0) {
        self.shape = shape
        self.warmUpSteps = warmUpSteps
    }

    /// Multiplier of the base learning rate at optimizer step `step` (0-based).
    public func factor(base: Float, step: Int) -> Float {
        if step < warmUpSteps { return Float(step + 1) / Float(warmUpSteps) * base }
        let s = step - warmUpSteps
        func cosine(_ x: Float, _ minimum: Float) -> Float { minimum + (base - minimum) * (1 + cos(Float.pi * x)) / 2 }
        switch shape {
        case .constant:
            return base
        case let .cosine(steps, minimum):
            return cosine(min(1, Float(s) / Float(max(steps, 1))), minimum)
        case let .warmRestarts(period, multiplier, minimum):
            var start = 0, length = max(period, 1)
            while s >= start + length {
                start += length
                length *= max(multiplier, 1)
            }
            return cosine(Float(s - start) / Float(length), minimum)
        }
    }
}

/// An optimizer with its schedule, clipping options and per-parameter state.
public struct Optimizer: Sendable {
    public var kind: OptimizerKind
    public var learningRate: Float
    public var schedule: Schedule
    /// Clip every weight to ±`weightClip` after the update (TSSL-BP reference code: 4).
    public var weightClip: Float?
    /// Scale all gradients so their joint L2 norm is at most this (TSSL-BP reference code: 1).
    public var gradNormClip: Float?
    public internal(set) var step = 0
    var first: [String: [Float]] = [:]
    var second: [String: [Float]] = [:]

    public init(_ kind: OptimizerKind, learningRate: Float, schedule: Schedule = Schedule(),
                weightClip: Float? = nil, gradNormClip: Float? = nil) {
        self.kind = kind
        self.learningRate = learningRate
        self.schedule = schedule
        self.weightClip = weightClip
        self.gradNormClip = gradNormClip
    }

    /// How far the schedule lags `step`: a resumed run whose epochs take another number of steps than the
    /// checkpoint's (another world size or batch size) continues the schedule, which the pipeline gives in epochs,
    /// from the checkpoint's epoch (`Trainer` sets it), while `step` keeps counting the updates done (Adam's bias
    /// correction). 0 otherwise.
    public var scheduleOffset = 0

    /// The schedule's rate for the next step.
    public var currentLearningRate: Float { schedule.factor(base: learningRate, step: step - scheduleOffset) }

    /// Applies one update to every trainable parameter from its accumulated gradient.
    public mutating func update(_ parameters: inout [Parameter]) {
        let settings = beginStep(gradientsOf: parameters)
        for idx in parameters.indices { apply(settings, to: &parameters[idx]) }
    }

    /// The learning rate and gradient scale of one step (`beginStep`), shared by all its parameter updates.
    struct StepSettings {
        let learningRate: Float
        let gradientScale: Float
    }

    /// Starts one optimizer step: the scheduled rate, the gradient-norm clip over all parameters, step + 1.
    /// `apply` must then run on every parameter once.
    mutating func beginStep(gradientsOf parameters: [Parameter]) -> StepSettings {
        let lr = currentLearningRate
        var scale: Float = 1
        if let limit = gradNormClip {
            var sq: Double = 0
            for p in parameters where p.trainable { for g in p.grad { sq += Double(g * g) } }
            let norm = Float(sq.squareRoot())
            if norm > limit { scale = limit / norm }
        }
        step += 1
        return StepSettings(learningRate: lr, gradientScale: scale)
    }

    /// Updates one parameter in place (nothing for buffers), then clips it when `weightClip` is set.
    mutating func apply(_ settings: StepSettings, to p: inout Parameter) {
        guard p.trainable else { return }
        update(&p, lr: settings.learningRate, gradScale: settings.gradientScale)
        if let c = weightClip, p.decays {
            for i in p.value.indices { p.value[i] = min(max(p.value[i], -c), c) }
        }
    }

    /// The element-wise rules, split over the engine's threads (each element is independent, so any split
    /// gives the same bits). The moment buffers are taken out of their dictionaries while they are updated,
    /// so they are never copied.
    private mutating func update(_ p: inout Parameter, lr: Float, gradScale: Float) {
        let n = p.value.count
        let kind = kind
        let adaptive = if case .sgd = kind { false } else { true }  // Adam/AdamW keep a second moment
        var m = first.removeValue(forKey: p.name) ?? [Float](repeating: 0, count: n)
        var v = second.removeValue(forKey: p.name) ?? (adaptive ? [Float](repeating: 0, count: n) : [])
        let t = Float(step)
        let decay: Float = if case let .adamW(_, _, _, d) = kind, p.decays { d } else { 0 }
        p.value.withSharedMutable { w in
            p.grad.withShared { grad in
                m.withSharedMutable { m in
                    v.withSharedMutable { v in
                        parallelRanges(n, minimumPerThread: 16_384) { range in
                            switch kind {
                            case let .sgd(momentum):
                                for i in range {
                                    m[i] = momentum * m[i] + grad[i] * gradScale
                                    w[i] -= lr * m[i]
                                }
                            case let .adam(b1, b2, eps), let .adamW(b1, b2, eps, _):
                                let c1 = 1 - pow(b1, t), c2 = 1 - pow(b2, t)
                                if decay != 0 { for i in range { w[i] -= lr * decay * w[i] } }
                                for i in range {
                                    let g = grad[i] * gradScale
                                    m[i] = b1 * m[i] + (1 - b1) * g
                                    v[i] = b2 * v[i] + (1 - b2) * g * g
                                    w[i] -= lr * (m[i] / c1) / ((v[i] / c2).squareRoot() + eps)
                                }
                            }
                        }
                    }
                }
            }
        }
        first[p.name] = m
        if adaptive { second[p.name] = v }
    }
}
