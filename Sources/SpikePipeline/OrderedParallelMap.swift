/// Runs `transform` on `inputs` with at most `maxConcurrency` calls running and hands the results to
/// `consume` in input order.
///
/// Backpressure: at most `reorderWindow` results (default `2 × maxConcurrency`) are held at once — finished
/// early and waiting for a slower predecessor, or waiting for `consume` — so memory is bounded whatever the
/// input size. The first error (from a transform or from `consume`) cancels the outstanding work and is
/// rethrown; cancelling the caller's task cancels everything.
public func forEachOrdered<Input: Sendable, Output: Sendable>(
    _ inputs: some Collection<Input> & Sendable,
    maxConcurrency: Int,
    reorderWindow: Int? = nil,
    transform: @escaping @Sendable (Input) async throws -> Output,
    consume: (Int, Output) async throws -> Void
) async throws {
    precondition(maxConcurrency > 0, "maxConcurrency must be positive")
    let window = max(reorderWindow ?? 2 * maxConcurrency, maxConcurrency)
    try await withThrowingTaskGroup(of: (Int, Output).self) { group in
        var iterator = inputs.enumerated().makeIterator()
        var finished: [Int: Output] = [:]
        var nextToConsume = 0
        var running = 0

        func fill() {
            while running < maxConcurrency, running + finished.count < window, let (index, input) = iterator.next() {
                group.addTask { (index, try await transform(input)) }
                running += 1
            }
        }

        fill()
        while let (index, output) = try await group.next() {
            running -= 1
            finished[index] = output
            fill()
            while let ready = finished.removeValue(forKey: nextToConsume) {
                try await consume(nextToConsume, ready)
                nextToConsume += 1
                fill()
            }
        }
    }
}
