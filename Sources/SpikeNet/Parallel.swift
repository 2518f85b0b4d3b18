import Dispatch
import Foundation
import Synchronization

/// A raw pointer that may cross into `concurrentPerform` workers. Each worker writes a disjoint range, which
/// is what makes sharing it sound; the type only carries the pointer across the Sendable boundary.
struct SharedPointer<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
    init(_ base: UnsafeMutablePointer<T>) { self.base = base }
    subscript(i: Int) -> T {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }
}

/// How many worker threads the engine splits its loops over: the machine's available cores unless set
/// (`--threads N`). BLAS runs single-threaded inside each worker. Results do not depend on the count: every
/// split is over independent outputs, and reductions (a convolution's weight gradient) use a fixed grouping.
public enum EngineThreads {
    private static let configured = Atomic<Int>(0)

    /// The cores this process may run on (its CPU affinity where the platform reports it).
    public static let available: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// The worker count in force.
    public static var count: Int {
        let n = configured.load(ordering: .relaxed)
        return n > 0 ? n : available
    }

    /// Sets the worker count; nil goes back to `available`.
    public static func set(_ threads: Int?) {
        configured.store(max(0, threads ?? 0), ordering: .relaxed)
    }
}

/// Runs `body(range)` over `0..<count` split into contiguous chunks on up to `EngineThreads.count` threads.
/// Small problems run inline: a thread hop costs more than a few thousand multiply-adds.
func parallelRanges(_ count: Int, minimumPerThread: Int = 4096, _ body: @Sendable (Range<Int>) -> Void) {
    parallelWorkers(count, minimumPerThread: minimumPerThread) { _, range in body(range) }
}

/// `parallelRanges` over the rows or columns of a matrix product: every chunk but the last starts and ends on a
/// multiple of 64, so each row (column) sits at the same place in OpenBLAS's register tiles whatever the worker
/// count. Its AVX2 (Haswell) kernels round the tiles' edges differently from their middles; aligned, the product's
/// bits do not depend on the thread count.
func parallelBLASRanges(_ count: Int, minimumPerThread: Int, _ body: @Sendable (Range<Int>) -> Void) {
    let alignment = 64
    let blocks = (count + alignment - 1) / alignment
    parallelWorkers(blocks, chunks: workerCount(count, minimumPerThread: max(minimumPerThread, alignment))) { _, range in
        body(range.lowerBound * alignment..<min(count, range.upperBound * alignment))
    }
}

/// Like `parallelRanges`, also passing the worker index (`0..<workerCount`) for per-worker accumulators.
func parallelWorkers(_ count: Int, minimumPerThread: Int = 4096, _ body: @Sendable (Int, Range<Int>) -> Void) {
    parallelWorkers(count, chunks: workerCount(count, minimumPerThread: minimumPerThread), body)
}

/// `parallelWorkers` with the chunk count decided by the caller (who sized per-chunk storage with it).
func parallelWorkers(_ count: Int, chunks: Int, _ body: @Sendable (Int, Range<Int>) -> Void) {
    if chunks <= 1 {
        body(0, 0..<count)
        return
    }
    DispatchQueue.concurrentPerform(iterations: chunks) { c in
        let lo = count * c / chunks, hi = count * (c + 1) / chunks
        if lo < hi { body(c, lo..<hi) }
    }
}

/// How many chunks `parallelWorkers` splits `count` items into.
func workerCount(_ count: Int, minimumPerThread: Int = 4096) -> Int {
    min(EngineThreads.count, max(1, count / max(1, minimumPerThread)))
}

/// Runs `body(task)` for every task in `0..<tasks` on up to `EngineThreads.count` workers, each taking every
/// workers-th task. For work split into a fixed number of pieces whatever the thread count (deterministic
/// reductions).
func parallelTasks(_ tasks: Int, _ body: @Sendable (Int) -> Void) {
    let workers = min(EngineThreads.count, tasks)
    if workers <= 1 {
        for t in 0..<tasks { body(t) }
        return
    }
    DispatchQueue.concurrentPerform(iterations: workers) { w in
        for t in Swift.stride(from: w, to: tasks, by: workers) { body(t) }
    }
}

extension Array {
    /// The storage as a `SharedPointer` for workers that only read it.
    func withShared<R>(_ body: (SharedPointer<Element>) throws -> R) rethrows -> R {
        try withUnsafeBufferPointer { p in
            try body(SharedPointer(UnsafeMutablePointer(mutating: p.baseAddress ?? UnsafePointer(bitPattern: 16)!)))
        }
    }

    /// The storage as a `SharedPointer` for workers that write disjoint parts of it.
    mutating func withSharedMutable<R>(_ body: (SharedPointer<Element>) throws -> R) rethrows -> R {
        try withUnsafeMutableBufferPointer { p in
            try body(SharedPointer(p.baseAddress ?? UnsafeMutablePointer(bitPattern: 16)!))
        }
    }
}
