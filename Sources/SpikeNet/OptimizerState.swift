/// What an `Optimizer` has learned so far — its step count and per-parameter moments — so that a saved
/// training run resumes exactly where it stopped.
public struct OptimizerState: Sendable, Equatable {
    /// Updates applied so far (drives the schedule and Adam's bias correction).
    public var step: Int
    /// First moment (Adam) or momentum buffer (SGD), by parameter name.
    public var first: [String: [Float]]
    /// Second moment (Adam, AdamW), by parameter name.
    public var second: [String: [Float]]

    public init(step: Int = 0, first: [String: [Float]] = [:], second: [String: [Float]] = [:]) {
        self.step = step
        self.first = first
        self.second = second
    }
}

extension Optimizer {
    /// The step count and moments; assigning restores them (e.g. from a checkpoint).
    public var state: OptimizerState {
        get { OptimizerState(step: step, first: first, second: second) }
        set {
            step = newValue.step
            first = newValue.first
            second = newValue.second
        }
    }
}
