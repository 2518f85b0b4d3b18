import SpikeEvents

/// Delayed copies of every event on rows of their own: copy `d` (0 ≤ d < taps) of `(x, y, t, p)` is
/// `(x, y + d·H, t + d·step, p)` on a sensor `H·taps` rows high. A frame binned at time t then holds, one band of
/// rows under the other, what the frames at t, t − step, …, t − (taps − 1)·step held: a feed-forward spiking
/// network sees a window of the recent past at every step, and a convolution over the rows reads it as a pattern
/// in time. For audio events (H = 1, x the frequency channel) row d is the spectrum d·step earlier.
/// The output is in time order (stable: equal times keep the copy order).
public struct DelayLines: DeterministicTransform {
    public static let name = "delayLines"
    public static let help = "delayLines:taps=K,step=µs — add K − 1 delayed copies of every event, copy d at t + d·step "
        + "on rows y + d·H (the sensor grows to H·K rows): each frame also shows the K − 1 step-spaced moments before it"

    public var taps: Int
    public var step: Int64

    public init(taps: Int, step: Int64) {
        self.taps = taps
        self.step = step
    }

    public func validate() throws(TransformError) {
        guard (1...64).contains(taps) else { throw invalid("taps", "must be 1…64, got \(taps)") }
        guard step >= 1 else { throw invalid("step", "must be at least 1 µs, got \(step)") }
    }

    public func apply(_ events: consuming EventChunk, sensor: SensorSize) throws(TransformError) -> (EventChunk, SensorSize) {
        try validate()
        let height = sensor.height * taps
        guard height <= Int(UInt16.max) + 1 else {
            throw invalid("taps", "makes the sensor \(height) rows high; at most 65536 fit in an event's y")
        }
        let out = SensorSize(width: sensor.width, height: height, polarities: sensor.polarities)
        guard taps > 1, !events.isEmpty else { return (events, out) }
        _ = try coordinateBounds(events, sensor: sensor, transform: Self.name)
        let lastDelay = Int64(taps - 1) * step
        if let latest = events.t.max(), latest > Int64.max - lastDelay {
            throw invalid("step", "delays the event at \(latest) µs past the largest time a 64-bit µs clock holds")
        }
        let n = events.count
        var copies = EventChunk(capacity: n * taps)
        for d in 0..<taps {
            let (delay, rows) = (Int64(d) * step, UInt16(d * sensor.height))
            copies.t.append(contentsOf: events.t.lazy.map { $0 + delay })
            copies.x.append(contentsOf: events.x)
            copies.y.append(contentsOf: events.y.lazy.map { $0 + rows })
            copies.p.append(contentsOf: events.p)
        }
        return (copies.sortedByTime(), out)
    }
}
