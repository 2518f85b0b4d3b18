import AsyncAlgorithms
import SpikePipeline
import Synchronization
import Testing

/// A one-shot gate: `wait()` suspends until `open()` (tests use gates, not sleeps, to order events).
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))
    func open() {
        let waiters = state.withLock { s in
            s.open = true
            defer { s.waiters = [] }
            return s.waiters
        }
        waiters.forEach { $0.resume() }
    }
    func wait() async {
        await withCheckedContinuation { c in
            let resumeNow = state.withLock { s in
                if s.open { return true }
                s.waiters.append(c)
                return false
            }
            if resumeNow { c.resume() }
        }
    }
}

/// Counts calls running at once and the most that ever did.
final class Gauge: Sendable {
    let current = Atomic(0), peak = Atomic(0), started = Atomic(0), finished = Atomic(0)
    func enter() {
        started.add(1, ordering: .sequentiallyConsistent)
        let now = current.add(1, ordering: .sequentiallyConsistent).newValue
        _ = peak.max(now, ordering: .sequentiallyConsistent)
    }
    func leave() {
        current.subtract(1, ordering: .sequentiallyConsistent)
        finished.add(1, ordering: .sequentiallyConsistent)
    }
    var peakValue: Int { peak.load(ordering: .sequentiallyConsistent) }
    var startedValue: Int { started.load(ordering: .sequentiallyConsistent) }
    var finishedValue: Int { finished.load(ordering: .sequentiallyConsistent) }
}

struct Boom: Error, Equatable { let index: Int }

@Suite("Parallel map stage")
struct ParallelMapTests {
    /// Items of each group of four finish in reverse order: item i waits until item i + 1 has finished.
    static func reversedWithinGroups(_ n: Int) -> (gates: [Gate], transform: @Sendable (Int) async -> Int) {
        let gates = (0..<n).map { _ in Gate() }
        return (gates, { i in
            if i % 4 != 3 && i + 1 < n { await gates[i].wait() }
            if i > 0 { gates[i - 1].open() }
            return i * 10
        })
    }

    @Test("ordered: input order although later items finish first")
    func ordered() async throws {
        let (_, transform) = Self.reversedWithinGroups(16)
        var out: [Int] = []
        for try await x in Array(0..<16).async.parallelMap(maxConcurrency: 4, transform) { out.append(x) }
        #expect(out == (0..<16).map { $0 * 10 })
    }

    @Test("unordered: completion order")
    func unordered() async throws {
        let (_, transform) = Self.reversedWithinGroups(8)
        var out: [Int] = []
        for try await x in Array(0..<8).async.parallelMap(maxConcurrency: 4, ordered: false, transform) { out.append(x) }
        #expect(out == [3, 2, 1, 0, 7, 6, 5, 4].map { $0 * 10 })
    }

    @Test("never more than maxConcurrency running, and a bounded number of results held", arguments: [1, 2, 3])
    func bounded(concurrency: Int) async throws {
        let gauge = Gauge()
        var consumed = 0
        for try await _ in Array(0..<300).async.parallelMap(maxConcurrency: concurrency, { i in
            gauge.enter()
            defer { gauge.leave() }
            await Task.yield()
            return i
        }) {
            consumed += 1
            // Finished but unconsumed results: at most the reorder window plus the one being handed over.
            #expect(gauge.finishedValue - consumed <= 2 * concurrency + 1)
        }
        #expect(consumed == 300)
        #expect(gauge.peakValue <= concurrency)
    }

    @Test("a transform error reaches the consumer and stops the run")
    func transformError() async {
        let gauge = Gauge()
        await #expect(throws: Boom(index: 5)) {
            for try await _ in Array(0..<10_000).async.parallelMap(maxConcurrency: 2, { i in
                gauge.enter()
                defer { gauge.leave() }
                if i == 5 { throw Boom(index: 5) }
                return i
            }) {}
        }
        #expect(gauge.startedValue < 20)
    }

    @Test("an error of the upstream sequence reaches the consumer")
    func baseError() async {
        let failing = Array(0..<10).async.map { i -> Int in
            if i == 4 { throw Boom(index: 4) }
            return i
        }
        var seen: [Int] = []
        await #expect(throws: Boom(index: 4)) {
            for try await x in AsyncSendable(failing).parallelMap(maxConcurrency: 2, { $0 }) { seen.append(x) }
        }
        // The error wins: results already running when it came may be dropped, never reordered.
        #expect(seen.count <= 4 && seen == Array(0..<seen.count))
    }

    @Test("cancelling the consumer cancels every running transform")
    func cancellation() async throws {
        let gauge = Gauge()
        let allStarted = Gate()
        let consumer = Task {
            for try await _ in Array(0..<1_000).async.parallelMap(maxConcurrency: 3, { i in
                gauge.enter()
                defer { gauge.leave() }
                if gauge.startedValue == 3 { allStarted.open() }
                try await Task.sleep(for: .seconds(3600))  // only cancellation ends this
                return i
            }) {}
        }
        await allStarted.wait()
        consumer.cancel()
        await #expect(throws: CancellationError.self) { try await consumer.value }
        #expect(gauge.startedValue == 3)
    }
}

/// Wraps a sequence that is Sendable in practice (its elements and closure are) for the stage's constraints.
struct AsyncSendable<Base: AsyncSequence>: AsyncSequence, @unchecked Sendable {
    typealias Element = Base.Element
    let base: Base
    init(_ base: Base) { self.base = base }
    func makeAsyncIterator() -> Base.AsyncIterator { base.makeAsyncIterator() }
}
