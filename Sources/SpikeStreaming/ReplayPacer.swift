#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SpikeEvents

/// Replays events at `speed` × real time: an event with timestamp t is released `(t − t0) / speed` after the
/// first one. Events are released in slices of at most `quantum` of wall time, so a slice's events arrive
/// together when its last one is due.
struct ReplayPacer {
    let speed: Double
    let quantum: Duration
    private var origin: (time: Int64, wall: ContinuousClock.Instant)?

    init(speed: Double, quantum: Duration = .milliseconds(1)) {
        precondition(speed > 0)
        self.speed = speed
        self.quantum = quantum
    }

    /// Calls `release` with consecutive slices of `events`, each after sleeping until its last event is due;
    /// passes the instant it was released (the slice's arrival).
    mutating func replay(_ events: EventChunk,
                         _ release: (EventChunk, ContinuousClock.Instant) throws(StreamError) -> Void) throws(StreamError) {
        guard let first = events.t.first else { return }
        let origin = self.origin ?? (first, .now)
        self.origin = origin
        let sliceMicroseconds = Int64(Double(quantum.components.seconds * 1_000_000
                                             + quantum.components.attoseconds / 1_000_000_000_000) * speed)
        var start = 0
        while start < events.count {
            var end = start + 1
            while end < events.count && events.t[end] - events.t[start] < max(1, sliceMicroseconds) { end += 1 }
            let offset = Double(events.t[end - 1] - origin.time) / speed
            let due = origin.wall + .microseconds(max(0, offset))
            let now = ContinuousClock.now
            if due > now { sleep(for: now.duration(to: due)) }
            try release(start == 0 && end == events.count ? events : events.slice(start..<end), .now)
            start = end
        }
    }

    private func sleep(for duration: Duration) {
        let (seconds, attoseconds) = duration.components
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}
