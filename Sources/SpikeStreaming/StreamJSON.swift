import Foundation

/// The line protocol: one JSON object per line, keys in a fixed order.
extension StreamOutput {
    /// `{"window":n,"t_start":…,"t_end":…,"events":…,"prediction":k,"confidence":…,"spike_counts":[…],"latency_us":…}`
    /// or `{"sample_end":n,"windows":…,"events":…,"late_events":…,"prediction":k,"confidence":…,"spike_counts":[…]}`
    /// (`prediction` and `confidence` null for a sample without events).
    public var jsonLine: String {
        switch self {
        case .window(let w):
            "{\"window\":\(w.window),\"t_start\":\(w.start),\"t_end\":\(w.end),\"events\":\(w.events),"
                + "\"prediction\":\(w.prediction),\"confidence\":\(json(w.confidence)),"
                + "\"spike_counts\":\(json(w.spikeCounts)),\"latency_us\":\(String(format: "%.1f", w.latencyMicroseconds))}"
        case .sampleEnd(let s):
            "{\"sample_end\":\(s.sample),\"windows\":\(s.windows),\"events\":\(s.events),\"late_events\":\(s.lateEvents),"
                + "\"prediction\":\(s.prediction.map(String.init) ?? "null"),"
                + "\"confidence\":\(s.confidence.map(json) ?? "null"),"
                + "\"spike_counts\":\(json(s.spikeCounts))}"
        }
    }
}

extension StreamError {
    /// `{"error":"…","offset":N}` (`offset` only when the error has one).
    public var jsonLine: String {
        "{\"error\":\(jsonString(description))" + (offset.map { ",\"offset\":\($0)" } ?? "") + "}"
    }
}

private func json(_ value: Double) -> String { String(format: "%.4f", value) }

/// Whole numbers print without a fraction (spike counts); others in Swift's shortest round-trip form.
private func json(_ values: [Float]) -> String {
    "[" + values.map { $0 == $0.rounded() && abs($0) < 1e9 ? String(Int($0)) : "\($0)" }.joined(separator: ",") + "]"
}

/// A JSON string literal.
func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
