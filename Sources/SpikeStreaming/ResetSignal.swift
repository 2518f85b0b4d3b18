import Synchronization

/// Reset requests from the control channel to the stream that is running: `request()` from any thread,
/// `take()` by the stream between reads. Requests made before one `take` count once.
public final class ResetSignal: Sendable {
    private let pending = Mutex(false)

    public init() {}

    public func request() { pending.withLock { $0 = true } }

    /// Whether a reset was requested since the last call.
    public func take() -> Bool { pending.withLock { flag in defer { flag = false }; return flag } }
}
