import SpikeEvents
import SpikeFormats

/// The text `inspect` prints for an event file.
struct EventSummary {
    let path: String
    let format: EventFileFormat
    let sensor: SensorSize
    let stats: EventStatistics
    /// The DVS128 address convention an AEDAT 2.0 file was decoded with (nil: the format fixes x, y and p).
    let orientation: DVS128Orientation?

    var text: String {
        var lines = ["file:            \(path)", "format:          \(format.rawValue)", "sensor:          \(sensor)",
                     "convention:      \(convention)", "event_count:     \(stats.count)"]
        if stats.count > 0 {
            lines += [
                "t (µs):          \(stats.tMin) … \(stats.tMax)",
                "x:               \(stats.xMin) … \(stats.xMax)",
                "y:               \(stats.yMin) … \(stats.yMax)",
                orientation == .raw
                    ? "polarity_counts: raw bit 0 (ON): \(stats.polarityCounts[0])  raw bit 1 (OFF): \(stats.polarityCounts[1])"
                    : "polarity_counts: off (0): \(stats.polarityCounts[0])  on (1): \(stats.polarityCounts[1])",
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

    /// What x, y and p mean in the numbers printed, so a jAER, tonic or SpikingJelly user can match them.
    var convention: String {
        switch orientation {
        case nil: "x = column, y = row from the top, p = 1 ON (SpikeStream's, docs/DATASETS.md)"
        case .standard: "standard: x = 127 − raw x, y = 127 − raw y (row from the top), p = 1 ON; --orientation raw|jaer|spikingjelly for the others"
        case .raw: "raw: the DVS128 address bits as stored (x = raw x, y = raw y, p = raw bit, 0 = ON)"
        case .jaer: "jaer: jAER's DVS128 extractor (x = 127 − raw x, y = raw y from the bottom, p = 1 ON)"
        case .spikingjelly: "spikingjelly: its CIFAR10-DVS loader (x = 127 − raw y, y = 127 − raw x, p = 1 ON)"
        }
    }

    static func tuple(_ e: Event) -> String { "[\(e.t), \(e.x), \(e.y), \(e.p)]" }
}
