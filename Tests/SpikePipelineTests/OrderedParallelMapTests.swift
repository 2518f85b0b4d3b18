import SpikePipeline
import Synchronization
import Testing

@Suite("Ordered parallel map")
struct OrderedParallelMapTests {
    struct Boom: Error, Equatable { let index: Int }

    /// Tracks how many transforms run at once and the most that ever did.
    final class Gauge: Sendable {
        let current = Atomic(0)
        let peak = Atomic(0)
        func enter() {
            let now = current.add(1, ordering: .sequentiallyConsistent).newValue
            _ = peak.max(now, ordering: .sequentiallyConsistent)
        }
        func leave() { current.subtract(1, ordering: .sequentiallyConsistent) }
    }

    @Test("results arrive in input order although later inputs finish first", arguments: [1, 2, 4])
    func ordered(concurrency: Int) async throws {
        var seen: [Int] = []
        try await forEachOrdered(Array(0..<40), maxConcurrency: concurrency) { i in
            // Earlier items sleep longer, so completion order is roughly reversed within a window.
            try await Task.sleep(for: .microseconds((40 - i) * 50))
            return i * i
        } consume: { index, value in
            #expect(value == index * index)
            seen.append(index)
        }
        #expect(seen == Array(0..<40))
    }

    @Test("never runs more transforms at once than allowed, and holds a bounded number of results")
    func bounded() async throws {
        let gauge = Gauge()
        let produced = Atomic(0)
        var consumed = 0
        try await forEachOrdered(Array(0..<200), maxConcurrency: 3) { i in
            gauge.enter()
            defer { gauge.leave() }
            await Task.yield()
            produced.add(1, ordering: .sequentiallyConsistent)
            return i
        } consume: { _, _ in
            consumed += 1
            // Everything produced but not yet consumed is held in memory: at most the window (2 × 3).
            #expect(produced.load(ordering: .sequentiallyConsistent) - consumed <= 6)
        }
        #expect(consumed == 200)
        #expect(gauge.peak.load(ordering: .sequentiallyConsistent) <= 3)
    }

    @Test("the first transform error is rethrown and stops the run")
    func transformError() async {
        let started = Atomic(0)
        await #expect(throws: Boom(index: 5)) {
            try await forEachOrdered(Array(0..<1000), maxConcurrency: 2) { i in
                started.add(1, ordering: .sequentiallyConsistent)
                if i == 5 { throw Boom(index: 5) }
                return i
            } consume: { _, _ in }
        }
        #expect(started.load(ordering: .sequentiallyConsistent) < 20)
    }

    @Test("an error from the consumer is rethrown")
    func consumerError() async {
        await #expect(throws: Boom(index: 3)) {
            try await forEachOrdered(Array(0..<10), maxConcurrency: 2) { $0 } consume: { i, _ in
                if i == 3 { throw Boom(index: 3) }
            }
        }
    }

    @Test("cancelling the caller stops upstream work promptly")
    func cancellation() async throws {
        let started = Atomic(0)
        let task = Task {
            try await forEachOrdered(Array(0..<100_000), maxConcurrency: 2) { i in
                started.add(1, ordering: .sequentiallyConsistent)
                try await Task.sleep(for: .milliseconds(1))
                return i
            } consume: { _, _ in }
        }
        try await Task.sleep(for: .milliseconds(30))
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        let atCancel = started.load(ordering: .sequentiallyConsistent)
        try await Task.sleep(for: .milliseconds(30))
        #expect(started.load(ordering: .sequentiallyConsistent) == atCancel)
        #expect(atCancel < 100_000)
    }
}
