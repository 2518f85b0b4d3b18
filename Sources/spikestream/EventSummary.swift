import SpikeEvents
import SpikeFormats

/// The text `inspect` prints for an event file.
struct EventSummary {
    let path: String
    let format: EventFileFormat
    let sensor: SensorSize
    let stats: EventStatistics

    var text: String {
        var lines = ["file:            \(path)", "format:          \(format.rawValue)", "sensor:          \(sensor)",
                     "event_count:     \(stats.count)"]
        if stats.count > 0 {
            lines += [
                "t (µs):          \(stats.tMin) … \(stats.tMax)",
                "x:               \(stats.xMin) … \(stats.xMax)",
                "y:               \(stats.yMin) … \(stats.yMax)",
                "polarity_counts: off (0): \(stats.polarityCounts[0])  on (1): \(stats.polarityCounts[1])",
                "sum_x:           \(stats.sumX)",
                "sum_y:           \(stats.sumY)",
                "sum_t:           \(stats.sumT)",
                "sum_t_minus_t_min: \(stats.sumTMinusTMin)",
                "t non-decreasing: \(stats.nonDecreasing)",
                "first_events:    " + stats.first.map(Self.tuple).joined(separator: " "),
                "last_events:     " + stats.last.map(Self.tuple).joined(separator: " "),
            ]
        }
        return lines.joined(separator: "\n")
    }

    static func tuple(_ e: Event) -> String { "[\(e.t), \(e.x), \(e.y), \(e.p)]" }
}
