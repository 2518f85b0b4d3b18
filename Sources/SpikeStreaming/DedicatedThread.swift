import Foundation

/// Runs blocking work (file and pipe read loops) on its own thread and awaits its result, so
/// it never occupies a thread of the concurrency pool.
public func onDedicatedThread<T: Sendable>(name: String, _ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: body()) }
        thread.name = name
        thread.start()
    }
}
