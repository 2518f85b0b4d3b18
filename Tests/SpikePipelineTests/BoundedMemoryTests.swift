import Foundation
import SpikeEvents
import SpikePipeline
import Testing

/// Counts samples taken from the source and samples the consumer has finished with; the difference is what
/// the pipeline holds in memory. An NSLock (pthread) rather than `Mutex`: ThreadSanitizer sees pthread locks, but
/// not the futex inside the uninstrumented standard library's `Mutex` on Linux, and reported its guarded
/// counters as races.
private final class InFlight: @unchecked Sendable {
    private let lock = NSLock()
    private var produced = 0, consumed = 0, maximum = 0

    func produce() {
        lock.withLock {
            produced += 1
            maximum = max(maximum, produced - consumed)
        }
    }

    func consume(_ n: Int) { lock.withLock { consumed += n } }
    var peak: Int { lock.withLock { maximum } }
}

/// `count` one-frame samples whose label is their index; every `next()` is counted as produced.
private struct CountingSource: AsyncSequence, Sendable {
    let count: Int
    let inFlight: InFlight

    struct AsyncIterator: AsyncIteratorProtocol {
        let source: CountingSource
        var index = 0

        mutating func next() async -> LabeledFrames? {
            guard index < source.count else { return nil }
            defer { index += 1 }
            source.inFlight.produce()
            return LabeledFrames(id: "\(index)", label: index,
                                 frames: FrameTensor(shape: FrameShape(timeSteps: 1, channels: 1, height: 2, width: 2),
                                                     storage: .uint8([1, 2, 3, UInt8(index % 256)])))
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(source: self) }
}

@Suite("Pipeline memory stays bounded")
struct BoundedMemoryTests {
    @Test("with a slow consumer, samples held never exceed 2·maxConcurrency + (prefetch + 1)·batch",
          arguments: [(workers: 2, batch: 8, prefetch: 2), (workers: 4, batch: 3, prefetch: 1), (workers: 1, batch: 16, prefetch: 4)])
    func slowConsumer(config: (workers: Int, batch: Int, prefetch: Int)) async throws {
        let inFlight = InFlight()
        let total = 3_000
        let pipeline = CountingSource(count: total, inFlight: inFlight)
            .parallelMap(maxConcurrency: config.workers) { sample in
                var sample = sample
                sample.label *= 2  // work done by a worker
                return sample
            }
            .batched(size: config.batch, padding: .fixed(1))
            .prefetch(config.prefetch)
        var labels: [Int32] = []
        for try await batch in pipeline {
            // A slow consumer: many scheduling turns per batch, so every upstream stage fills to its bound.
            for _ in 0..<200 { await Task.yield() }
            labels += batch.labels
            inFlight.consume(batch.batchSize)
        }
        // parallelMap holds ≤ 2·maxConcurrency (running + reorder window), the prefetch buffer plus the batch being
        // assembled ≤ prefetch·batch, the consumer one batch.
        let bound = 2 * config.workers + (config.prefetch + 1) * config.batch
        #expect(inFlight.peak <= bound, "peak \(inFlight.peak) samples in flight, bound \(bound)")
        #expect(inFlight.peak >= config.batch)  // the pipeline did run ahead of the consumer
        #expect(labels == (0..<total).map { Int32(2 * $0) })
    }
}
