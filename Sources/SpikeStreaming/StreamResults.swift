/// The decision after one window.
public struct WindowResult: Sendable, Equatable {
    /// Window index within the sample, from 0.
    public var window: Int
    /// Window span `[start, end)` in µs of the stream's timeline.
    public var start: Int64
    public var end: Int64
    /// Events in the window (after transforms).
    public var events: Int
    /// The class with the most output activity accumulated since the sample began (ties: the lowest class).
    public var prediction: Int
    /// That class's share of the accumulated output activity (0 while the output is silent).
    public var confidence: Double
    /// The output layer's activity in this window, per class (spike counts, votes or PSC sums).
    public var spikeCounts: [Float]
    /// From the arrival of the bytes that closed the window to this result, in µs.
    public var latencyMicroseconds: Double
}

/// The decision for a whole sample, when it ends.
public struct SampleResult: Sendable, Equatable {
    /// Sample index in the stream, from 0.
    public var sample: Int
    public var windows: Int
    public var events: Int
    /// Events dropped because they arrived after their window had closed.
    public var lateEvents: Int
    /// The class with the most output activity over the sample; `nil` when no event arrived (an empty file or
    /// connection): there is nothing to decide.
    public var prediction: Int?
    /// That class's share of the output activity; `nil` with `prediction`.
    public var confidence: Double?
    /// The output activity accumulated over the sample, per class.
    public var spikeCounts: [Float]
}

/// What a session emits.
public enum StreamOutput: Sendable, Equatable {
    case window(WindowResult)
    case sampleEnd(SampleResult)
}

/// Class with the largest accumulated output (the first on ties, as `Network.predict`) and its share.
func decision(_ totals: [Float]) -> (prediction: Int, confidence: Double) {
    let k = totals.indices.max { totals[$0] < totals[$1] } ?? 0
    let sum = totals.reduce(0, +)
    return (k, sum > 0 && !totals.isEmpty ? Double(totals[k] / sum) : 0)
}
