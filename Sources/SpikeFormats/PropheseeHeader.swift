import SpikeEvents

/// The `%` text header of a Prophesee RAW (EVT 2.0 / 3.0) or DAT file (docs/FORMATS.md): lines
/// `% <keyword> <value>`, ending at a `% end` line or at the first byte that does not start a header line.
///
/// A header line is `%`, printable ASCII, then a line break (see `HeaderLine`), so binary data whose first
/// byte happens to be `%` ends the header instead of being read as one more line.
public struct PropheseeHeader: Sendable, Equatable {
    public static let endLine = "% end"
    public static let maxLineBytes = 4096
    /// More header lines than this is not a header: the reader stops with an error.
    public static let maxLines = 4096

    /// The header lines without their line ends (the `% end` line included when present).
    public var lines: [String]
    /// Byte offset of the first byte after the header.
    public var dataOffset: Int64

    public init(lines: [String], dataOffset: Int64) {
        self.lines = lines
        self.dataOffset = dataOffset
    }

    /// The value of the first `% <keyword> <value>` line, compared without case, if any.
    public func value(_ keyword: String) -> String? {
        let wanted = keyword.lowercased()
        for line in lines {
            let words = line.dropFirst().split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            if words.count == 2, words[0].lowercased() == wanted {
                return Self.trimmed(words[1])
            }
        }
        return nil
    }

    /// The event encoding the header declares: `% evt 3.0` (older files) or `% format EVT3;…` (newer), as
    /// `"2.0"`, `"2.1"`, `"3.0"`; `nil` when it declares none.
    public var evtVersion: String? {
        if let evt = value("evt") { return evt }
        guard let format = value("format")?.split(separator: ";").first?.uppercased() else { return nil }
        switch format {
        case "EVT2": return "2.0"
        case "EVT21": return "2.1"
        case "EVT3": return "3.0"
        default: return format
        }
    }

    /// The sensor the header declares: `% format …;width=W;height=H`, `% geometry WxH`, DAT's `% Width` and
    /// `% Height`, or else the size of the camera generation the `% plugin_name` names; `nil` when none.
    public var geometry: SensorSize? {
        if let format = value("format") {
            var fields: [String: Int] = [:]
            for part in format.split(separator: ";") {
                let pair = part.split(separator: "=", maxSplits: 1)
                if pair.count == 2, let n = Int(pair[1]) { fields[pair[0].lowercased()] = n }
            }
            if let w = fields["width"], let h = fields["height"], w > 0, h > 0 { return SensorSize(width: w, height: h) }
        }
        if let geometry = value("geometry") {
            let parts = geometry.lowercased().split(separator: "x").compactMap { Int($0) }
            if parts.count == 2, parts[0] > 0, parts[1] > 0 { return SensorSize(width: parts[0], height: parts[1]) }
        }
        if let w = value("width").flatMap({ Int($0) }), let h = value("height").flatMap({ Int($0) }), w > 0, h > 0 {
            return SensorSize(width: w, height: h)
        }
        return value("plugin_name").flatMap(Self.pluginSensor)
    }

    /// Sensor sizes of Prophesee camera generations, by the name their HAL plugin writes in the header
    /// (e.g. `hal_plugin_gen3_fx3`, `hal_plugin_gen41_evk3`, `hal_plugin_imx636_evk4`).
    static func pluginSensor(_ plugin: String) -> SensorSize? {
        let name = plugin.lowercased()
        if name.contains("genx320") { return SensorSize(width: 320, height: 320) }
        if name.contains("imx636") || name.contains("gen4") { return SensorSize(width: 1280, height: 720) }
        if name.contains("gen3") { return SensorSize(width: 640, height: 480) }
        return nil
    }

    /// `text` without the spaces and tabs around it.
    static func trimmed(_ text: Substring) -> String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        return String(text.drop(while: blank).reversed().drop(while: blank).reversed())
    }

    /// The header bytes for `lines` (each written with `\n`), as the writers put them in front of the data.
    static func encode(_ lines: [String]) -> [UInt8] {
        for line in lines {
            precondition(line.hasPrefix("%") && line.utf8.count < maxLineBytes
                             && line.utf8.allSatisfy { (0x20...0x7E).contains($0) },
                         "header line '\(line)' must start with '%' and be printable ASCII")
        }
        return Array(lines.map { $0 + "\n" }.joined().utf8)
    }
}

/// Parses a Prophesee `%` header from bytes as they arrive; the rules are `PropheseeHeader`'s.
struct PropheseeHeaderParser {
    let path: String
    private var lines: [String] = []
    private var pending: [UInt8] = []
    private var consumed: Int64 = 0
    /// The header, once complete.
    private(set) var header: PropheseeHeader?

    init(path: String) { self.path = path }

    /// Stream bytes taken so far.
    var offset: Int64 { consumed + Int64(pending.count) }

    /// Takes header bytes; once the header is complete returns the bytes after it (the start of the data).
    /// `endOfInput` says no byte follows `bytes`.
    mutating func push(_ bytes: UnsafeRawBufferPointer, endOfInput: Bool) throws(EventFileError) -> [UInt8]? {
        pending.append(contentsOf: bytes)
        var used = 0
        defer { pending.removeFirst(used) }
        while header == nil {
            let rest = pending.withUnsafeBytes { b in
                HeaderLine.scan(UnsafeRawBufferPointer(rebasing: b[used...]), marker: UInt8(ascii: "%"),
                                maxBytes: PropheseeHeader.maxLineBytes, endOfInput: endOfInput)
            }
            switch rest {
            case .needMore:
                return nil
            case .line(let text, let length):
                guard lines.count < PropheseeHeader.maxLines else {
                    throw .malformed(path: path, offset: consumed, reason: "more than \(PropheseeHeader.maxLines) "
                                         + "'%' header lines; this is not a Prophesee file")
                }
                used += length
                consumed += Int64(length)
                lines.append(text)
                if PropheseeHeader.trimmed(Substring(text)) == PropheseeHeader.endLine { finish() }
            case .notALine:
                finish()
            }
        }
        let body = Array(pending[used...])
        used = pending.count
        return body
    }

    private mutating func finish() {
        header = PropheseeHeader(lines: lines, dataOffset: consumed)
    }
}
