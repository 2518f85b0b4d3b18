import Foundation

/// A serial executor that runs its jobs on one dedicated thread, so the cache writer's HDF5 calls (which hold
/// libhdf5's global lock and can block on disk) never occupy a thread of Swift's small cooperative pool.
final class SerialHDF5Executor: SerialExecutor, @unchecked Sendable {
    // `queue` and `stopping` are guarded by `condition`.
    private let condition = NSCondition()
    private var queue: [UnownedJob] = []
    private var stopping = false

    init(name: String) {
        // The thread keeps the executor alive until `shutdown()` lets it drain and exit.
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        queue.append(job)
        condition.signal()
        condition.unlock()
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// Lets the thread exit once the jobs already queued have run.
    func shutdown() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        var batch: [UnownedJob] = []
        while true {
            condition.lock()
            while queue.isEmpty && !stopping { condition.wait() }
            if queue.isEmpty {
                condition.unlock()
                return
            }
            swap(&batch, &queue)
            condition.unlock()
            for job in batch { job.runSynchronously(on: asUnownedSerialExecutor()) }
            batch.removeAll(keepingCapacity: true)
        }
    }
}
