extension StepResult {
    /// The result of a batch whose output `[T·B, K]` (time-major) and loss were computed elsewhere (a compute
    /// backend): correct = labels equal to the class with the largest sum over time.
    public static func scoring(_ output: Tensor, labels: [Int], timeSteps: Int, loss: Float) -> StepResult {
        let predicted = predictions(output, batch: labels.count, timeSteps: timeSteps)
        return StepResult(loss: loss, correct: zip(predicted, labels).filter { $0 == $1 }.count, count: labels.count)
    }
}
