import AsyncAlgorithms
import Synchronization

extension AsyncSequence where Self: Sendable, Element: Sendable {
    /// Applies `transform` to the elements with at most `maxConcurrency` calls running at once.
    ///
    /// With `ordered`, results come out in input order (a finished result waits for its slower predecessors,
    /// at most `2 × maxConcurrency` results are held); otherwise in completion order. Backpressure: the base
    /// is pulled only as results are consumed. The first error — from the base or a transform — is delivered
    /// to the consumer and stops all work (results not yet delivered are dropped); a cancelled consumer (or a
    /// dropped iterator) cancels all work, and its `next()` throws `CancellationError`.
    public func parallelMap<Output: Sendable>(
        maxConcurrency: Int, ordered: Bool = true,
        _ transform: @escaping @Sendable (Element) async throws -> Output
    ) -> AsyncParallelMapSequence<Self, Output> {
        precondition(maxConcurrency > 0, "maxConcurrency must be positive")
        return AsyncParallelMapSequence(base: self, maxConcurrency: maxConcurrency, ordered: ordered, transform: transform)
    }
}

public struct AsyncParallelMapSequence<Base: AsyncSequence & Sendable, Output: Sendable>: AsyncSequence, Sendable
where Base.Element: Sendable {
    public typealias Element = Output
    let base: Base
    let maxConcurrency: Int
    let ordered: Bool
    let transform: @Sendable (Base.Element) async throws -> Output

    public func makeAsyncIterator() -> Iterator {
        let channel = AsyncThrowingChannel<Output, any Error>()
        return Iterator(driver: Driver(sequence: self, channel: channel), results: channel.makeAsyncIterator())
    }

    public struct Iterator: AsyncIteratorProtocol {
        let driver: Driver
        var results: AsyncThrowingChannel<Output, any Error>.AsyncIterator

        public mutating func next() async throws -> Output? {
            driver.startIfNeeded()
            let driver = self.driver
            let next = try await withTaskCancellationHandler {
                try await results.next()
            } onCancel: {
                driver.cancel()
            }
            // The channel ends quietly when the consumer is cancelled; say why instead.
            if next == nil { try Task.checkCancellation() }
            return next
        }
    }

    /// Owns the task that pulls the base, runs the transforms and sends results; cancels it when the last
    /// iterator copy goes away.
    public final class Driver: Sendable {
        private let sequence: AsyncParallelMapSequence
        private let channel: AsyncThrowingChannel<Output, any Error>
        private let task = Mutex<Task<Void, Never>?>(nil)

        init(sequence: AsyncParallelMapSequence, channel: AsyncThrowingChannel<Output, any Error>) {
            self.sequence = sequence
            self.channel = channel
        }

        deinit { cancel() }

        func startIfNeeded() {
            task.withLock { task in
                guard task == nil else { return }
                let (sequence, channel) = (self.sequence, self.channel)
                task = Task {
                    do {
                        try await Self.run(sequence, into: channel)
                        channel.finish()
                    } catch {
                        channel.fail(error)
                    }
                }
            }
        }

        func cancel() {
            task.withLock { $0?.cancel() }
        }

        private static func run(_ s: AsyncParallelMapSequence, into channel: AsyncThrowingChannel<Output, any Error>) async throws {
            let window = 2 * s.maxConcurrency
            try await withThrowingTaskGroup(of: (Int, Output).self) { group in
                var base = s.base.makeAsyncIterator()
                var exhausted = false
                var started = 0, running = 0, nextToSend = 0
                var finished: [Int: Output] = [:]
                repeat {
                    while !exhausted, running < s.maxConcurrency, running + finished.count < window {
                        guard let element = try await base.next() else { exhausted = true; break }
                        let index = started
                        group.addTask { (index, try await s.transform(element)) }
                        started += 1
                        running += 1
                    }
                    guard let (index, output) = try await group.next() else { break }
                    running -= 1
                    if s.ordered {
                        finished[index] = output
                        while let ready = finished.removeValue(forKey: nextToSend) {
                            await channel.send(ready)
                            nextToSend += 1
                        }
                    } else {
                        await channel.send(output)
                    }
                    try Task.checkCancellation()
                } while !exhausted || running > 0
            }
        }
    }
}
