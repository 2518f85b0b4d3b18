/// What a compute backend that applies the updates itself needs of an `Optimizer`: the step's scheduled learning
/// rate and number, and the per-parameter moments (so its state can be checkpointed and resumed as the engine's).
extension Optimizer {
    /// The learning rate of the next step and its 1-based number (Adam's bias correction); counts the step.
    public mutating func advanceStep() -> (learningRate: Float, step: Int) {
        let lr = currentLearningRate
        step += 1
        return (lr, step)
    }

    /// The first and second moments of parameter `name` (nil before its first update, or for SGD's second).
    public func moments(of name: String) -> (first: [Float]?, second: [Float]?) { (first[name], second[name]) }

    /// Replaces the moments of parameter `name`.
    public mutating func setMoments(of name: String, first: [Float]?, second: [Float]?) {
        self.first[name] = first
        self.second[name] = second
    }
}
