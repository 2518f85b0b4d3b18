/// How far one file's transfer has come: what the progress line shows.
public struct DownloadProgress: Sendable, Equatable {
    public var file: String
    /// Bytes on disk so far, including those of an earlier, interrupted run.
    public var bytes: Int64
    /// The full size when the server says it.
    public var total: Int64?
    /// Bytes that were already on disk when this run started (not counted in the rate).
    public var resumedFrom: Int64
    public var elapsed: Double

    public init(file: String, bytes: Int64, total: Int64?, resumedFrom: Int64, elapsed: Double) {
        self.file = file
        self.bytes = bytes
        self.total = total
        self.resumedFrom = resumedFrom
        self.elapsed = elapsed
    }

    /// Bytes per second fetched by this run.
    public var rate: Double { elapsed > 0 ? Double(max(0, bytes - resumedFrom)) / elapsed : 0 }
    public var eta: Double? {
        guard let total, rate > 0 else { return nil }
        return Double(max(0, total - bytes)) / rate
    }

    /// `download Train.zip 512.0 MiB / 1.0 GiB (50.0%)  12.3 MiB/s  ETA 0:41`
    public var line: String {
        var text = "download \(file) \(Self.size(bytes))"
        if let total, total > 0 {
            text += " / \(Self.size(total)) (\(String(format: "%.1f", 100 * Double(bytes) / Double(total)))%)"
        }
        text += "  \(Self.size(Int64(rate)))/s"
        if let eta { text += "  ETA \(Self.duration(eta))" }
        if resumedFrom > 0 { text += "  (resumed at \(Self.size(resumedFrom)))" }
        return text
    }

    /// A byte count as a size (`1.2 GiB`).
    public static func size(_ bytes: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
            : String(format: "%d:%02d", s / 60, s % 60)
    }
}
