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

    public var currentLearningRate: Float { schedule.factor(base: learningRate, step: step) }

    /// Applies one update to every trainable parameter from its accumulated gradient.
    public mutating func update(_ parameters: inout [Parameter]) {
        let lr = currentLearningRate
        var scale: Float = 1
        if let limit = gradNormClip {
            var sq: Double = 0
            for p in parameters where p.trainable { for g in p.grad { sq += Double(g * g) } }
            let norm = Float(sq.squareRoot())
            if norm > limit { scale = limit / norm }
        }
        step += 1
        for idx in parameters.indices where parameters[idx].trainable {
            update(&parameters[idx], lr: lr, gradScale: scale)
            if let c = weightClip, parameters[idx].decays {
                for i in parameters[idx].value.indices { parameters[idx].value[i] = min(max(parameters[idx].value[i], -c), c) }
            }
        }
    }

    private mutating func update(_ p: inout Parameter, lr: Float, gradScale: Float) {
        let n = p.value.count
        var m = first[p.name] ?? [Float](repeating: 0, count: n)
        switch kind {
        case let .sgd(momentum):
            for i in 0..<n {
                m[i] = momentum * m[i] + p.grad[i] * gradScale
                p.value[i] -= lr * m[i]
            }
        case let .adam(b1, b2, eps), let .adamW(b1, b2, eps, _):
            var v = second[p.name] ?? [Float](repeating: 0, count: n)
            if case let .adamW(_, _, _, decay) = kind, p.decays {
                for i in 0..<n { p.value[i] -= lr * decay * p.value[i] }
            }
            let c1 = 1 - pow(b1, Float(step)), c2 = 1 - pow(b2, Float(step))
            for i in 0..<n {
                let g = p.grad[i] * gradScale
                m[i] = b1 * m[i] + (1 - b1) * g
                v[i] = b2 * v[i] + (1 - b2) * g * g
                p.value[i] -= lr * (m[i] / c1) / ((v[i] / c2).squareRoot() + eps)
            }
            second[p.name] = v
        }
        first[p.name] = m
    }
}
