import Foundation

/// Runs blocking work (socket accept/read loops, pipe reads) on its own thread and awaits its result, so
/// it never occupies a thread of the concurrency pool.
public func onDedicatedThread<T: Sendable>(name: String, _ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: body()) }
        thread.name = name
        thread.start()
    }
}
