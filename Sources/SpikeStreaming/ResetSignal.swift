import Synchronization

/// Reset requests from the control channel to the stream that is running: `request()` from any thread,
/// `take()` by the stream between reads. Requests made before one `take` count once. The server's many
/// connections each compare `generation` with the one they last saw instead, so one request resets them all.
public final class ResetSignal: Sendable {
    private let state = Mutex((pending: false, generation: 0))

    public init() {}

    public func request() { state.withLock { $0 = (true, $0.generation + 1) } }

    /// Whether a reset was requested since the last call.
    public func take() -> Bool { state.withLock { s in defer { s.pending = false }; return s.pending } }

    /// How many resets were requested so far.
    public var generation: Int { state.withLock { $0.generation } }
}
