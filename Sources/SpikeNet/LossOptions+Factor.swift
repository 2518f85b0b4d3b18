extension LossOptions {
    /// What a loss summed over the batch (with ½ on squared errors) and its gradient are multiplied by: 1/B for the
    /// mean, 1/K more with `classMean`, ×2 on squared errors without ½.
    public func factor(batch: Int, classes: Int, squaredError: Bool) -> Float {
        var factor: Float = reduction == .mean ? 1 / Float(max(batch, 1)) : 1
        if classMean { factor /= Float(max(classes, 1)) }
        if squaredError && !halve { factor *= 2 }
        return factor
    }
}
