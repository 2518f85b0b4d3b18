/// The text header of a jAER AEDAT 2.0 or AEDAT 3.1 file (FORMATS.md §2, §3): `#` lines, CRLF or LF, the
/// first one `#!AER-DAT<version>`.
///
/// A header line is `#`, then printable ASCII (or tab), then `\n` or `\r\n`, at most `maxLineBytes` long.
/// Requiring this, not just the leading `#`, is what defuses the header-parser trap of AEDAT 2.0 (binary data
/// whose first byte happens to be `#`): AEDAT 2.0 headers end at the first line that is not a header line;
/// AEDAT 3.1 headers end at `#!END-HEADER`, and anything else before it is an error.
public struct AEDATHeader: Sendable, Equatable {
    public static let versionPrefix = "#!AER-DAT"
    public static let endMarker = "#!END-HEADER"
    public static let maxLineBytes = 16 << 10

    /// The header lines without their line ends, the version line first.
    public var lines: [String]
    /// The version after `#!AER-DAT`, e.g. `"2.0"` or `"3.1"`.
    public var version: String
    /// Byte offset of the first data byte.
    public var dataOffset: Int64

    public init(lines: [String], version: String, dataOffset: Int64) {
        self.lines = lines
        self.version = version
        self.dataOffset = dataOffset
    }

    /// Reads the header at the start of `window`, leaving the window at the first data byte. The version must
    /// start with `version` (e.g. `"2."`), else the error names `otherReader`. With `untilEndMarker` the header
    /// must end with a `#!END-HEADER` line (AEDAT 3.x).
    static func read(from window: AEDATBufferedInput, version: String, otherReader: String,
                     untilEndMarker: Bool) throws(EventFileError) -> AEDATHeader {
        var parser = AEDATHeaderParser(path: window.path, version: version, otherReader: otherReader,
                                       untilEndMarker: untilEndMarker)
        var need = 1
        while true {
            let complete = try window.fill(atLeast: need)
            let used = try parser.feed(window.bytes, endOfInput: !complete)
            window.consume(used)
            if let header = parser.header { return header }
            // A line longer than the window is not a header line, so the scan never asks for more than that.
            need = used > 0 ? 1 : window.available + 1
        }
    }

    /// Traps unless `lines` form a header that `read` accepts for `version` (a prefix such as `"2."`).
    static func checkWritable(_ lines: [String], version: String) {
        precondition(lines.first?.hasPrefix(versionPrefix + version) == true,
                     "the first header line must be \(versionPrefix)\(version)…")
        for line in lines {
            precondition(line.hasPrefix("#") && line.utf8.count < maxLineBytes
                             && line.utf8.allSatisfy { (0x20...0x7E).contains($0) || $0 == UInt8(ascii: "\t") },
                         "header line '\(line)' must start with '#' and be printable ASCII")
        }
    }
}
