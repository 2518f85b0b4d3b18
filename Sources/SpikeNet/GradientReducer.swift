/// Combines gradients over the processes of a data-parallel run (over c10d in SpikeDistributed) into the gradient
/// of the global batch's loss, so that every process applies the same update.
public protocol GradientReducer: AnyObject {
    /// The gradients of `parameters` are final for this step (called per layer as the backward pass finishes it,
    /// last layer first): the reducer may start reducing them while the backward pass goes on.
    func gradientsFinished(_ parameters: [Parameter])
    /// Waits until every reduction of the step has ended.
    func finishStep() throws
    /// Replaces `parameter.grad` with the global batch's gradient: the processes' gradients averaged (a mean loss)
    /// or summed (a summed loss), after `finishStep`.
    func copyReduced(into parameter: inout Parameter)
}

extension Network {
    /// One data-parallel optimizer step: forward and backward on this process's part of the global batch, the
    /// gradients combined over the processes by `reducer` (layer by layer as the backward pass finishes them, so
    /// the last layers' reduction overlaps the first layers' backward), then the optimizer's update, the same on
    /// every process.
    public mutating func trainStep(_ input: Tensor, labels: [Int], optimizer: inout Optimizer,
                                   reducer: any GradientReducer) throws -> StepResult {
        let result = try accumulateGradients(input, labels: labels, pass: UInt64(optimizer.step),
                                             finished: reducer.gradientsFinished)
        try reducer.finishStep()
        for i in layers.indices { layers[i].updateParameters { if $0.trainable { reducer.copyReduced(into: &$0) } } }
        applyOptimizer(&optimizer)
        return result
    }
}
