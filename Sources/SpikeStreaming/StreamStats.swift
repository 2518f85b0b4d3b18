import SpikeEvents

/// Throughput and latency of a run. Latencies are kept in a bounded reservoir (uniform sample of at most
/// `capacity` windows), so memory does not grow with the stream.
public struct StreamStats: Sendable {
    public let capacity: Int
    /// Decoded input events.
    public internal(set) var events = 0
    public private(set) var windows = 0
    public private(set) var samples = 0
    /// Seconds from the first byte to the end of the run.
    public var seconds: Double = 0
    private var latencies: [Double] = []
    private var seen = 0
    private var random = SplitMix64(seed: 0x5EED)

    public init(capacity: Int = 1 << 16) {
        self.capacity = capacity
        latencies.reserveCapacity(capacity)
    }

    mutating func record(_ output: StreamOutput) {
        switch output {
        case .window(let w):
            windows += 1
            keep(w.latencyMicroseconds)
        case .sampleEnd:
            samples += 1
        }
    }

    /// Adds another run's counts and latencies (a reservoir of both when they do not fit).
    public mutating func merge(_ other: StreamStats) {
        events += other.events
        samples += other.samples
        seconds += other.seconds
        windows += other.windows
        for latency in other.latencies { keep(latency) }
    }

    /// Reservoir sampling: every latency seen has the same chance to be in the sample.
    private mutating func keep(_ latency: Double) {
        seen += 1
        if latencies.count < capacity {
            latencies.append(latency)
        } else {
            let slot = random.index(below: seen)
            if slot < capacity { latencies[slot] = latency }
        }
    }

    /// The `q`-quantile (0…1) of the window latencies in µs (nearest rank), or `nil` without windows.
    public func latency(quantile q: Double) -> Double? {
        guard !latencies.isEmpty else { return nil }
        let sorted = latencies.sorted()
        let rank = Int((q * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    public var eventsPerSecond: Double { seconds > 0 ? Double(events) / seconds : 0 }

    /// One line for stderr: windows, events, p50/p99 latency and sustained events/s.
    public var summary: String {
        let p50 = latency(quantile: 0.5).map { String(Int($0.rounded())) } ?? "-"
        let p99 = latency(quantile: 0.99).map { String(Int($0.rounded())) } ?? "-"
        return "\(samples) samples, \(windows) windows, \(events) events in \(formatted(seconds)) s: latency p50 \(p50) µs, "
            + "p99 \(p99) µs; \(Int(eventsPerSecond.rounded())) events/s sustained"
    }

    private func formatted(_ s: Double) -> String { String((s * 1000).rounded() / 1000) }
}
