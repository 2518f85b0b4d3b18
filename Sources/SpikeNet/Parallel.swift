import Dispatch

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

/// Number of worker threads the engine splits its loops over (the machine has two cores; BLAS runs
/// single-threaded inside each worker).
let engineThreads = 2

/// Runs `body(range)` over `0..<count` split into contiguous chunks on up to `engineThreads` threads.
/// Small problems run inline: a thread hop costs more than a few thousand multiply-adds.
func parallelRanges(_ count: Int, minimumPerThread: Int = 4096, _ body: @Sendable (Range<Int>) -> Void) {
    parallelWorkers(count, minimumPerThread: minimumPerThread) { _, range in body(range) }
}

/// Like `parallelRanges`, also passing the worker index (`0..<engineThreads`) for per-worker accumulators.
func parallelWorkers(_ count: Int, minimumPerThread: Int = 4096, _ body: @Sendable (Int, Range<Int>) -> Void) {
    let chunks = min(engineThreads, max(1, count / max(1, minimumPerThread)))
    if chunks <= 1 {
        body(0, 0..<count)
        return
    }
    DispatchQueue.concurrentPerform(iterations: chunks) { c in
        let lo = count * c / chunks, hi = count * (c + 1) / chunks
        if lo < hi { body(c, lo..<hi) }
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
