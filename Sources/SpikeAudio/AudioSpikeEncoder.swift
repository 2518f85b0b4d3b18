/// The delta encodings by the names users give them (`--spike-encoding`, pipeline `spike_encoding:`).
public enum AudioSpikeEncoder: String, Codable, Hashable, Sendable, CaseIterable {
    case delta
    case cumulativeDelta = "cumulative-delta"

    /// The `SpikeEncoding` of this kind.
    public func encoding(threshold: Double, maxEventsPerFrame: Int?) -> SpikeEncoding {
        switch self {
        case .delta: .delta(threshold: threshold, maxEventsPerFrame: maxEventsPerFrame)
        case .cumulativeDelta: .cumulativeDelta(threshold: threshold, maxEventsPerFrame: maxEventsPerFrame)
        }
    }
}
