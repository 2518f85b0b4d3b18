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
        let path = window.path
        guard let first = try nextLine(window), first.hasPrefix(versionPrefix) else {
            throw .malformed(path: path, offset: 0, reason: "the first line is not '\(versionPrefix)<version>' "
                                 + "(e.g. #!AER-DAT2.0 or #!AER-DAT3.1), so this is not an AEDAT file")
        }
        let found = String(first.dropFirst(versionPrefix.count))
        guard found.hasPrefix(version) else {
            throw .malformed(path: path, offset: 0, reason: "this is AEDAT \(found), not \(version)x; "
                                 + "open it with \(otherReader)")
        }
        var lines = [first]
        while true {
            let lineOffset = window.offset
            guard let line = try nextLine(window) else {
                guard untilEndMarker else { break }
                throw .malformed(path: path, offset: lineOffset, reason: window.available == 0
                                     ? "the file ends inside the header: no '\(endMarker)' line"
                                     : "expected a '#' header line ending in a line break or '\(endMarker)' here; "
                                     + "the header is damaged (AEDAT 3.x headers end with '\(endMarker)')")
            }
            lines.append(line)
            if untilEndMarker && line == endMarker { break }
        }
        return AEDATHeader(lines: lines, version: found, dataOffset: window.offset)
    }

    /// Consumes and returns the header line at the window start, or returns `nil` (consuming nothing) when
    /// the bytes there are not a header line.
    private static func nextLine(_ window: AEDATBufferedInput) throws(EventFileError) -> String? {
        guard try window.fill(atLeast: 1), window.bytes[0] == UInt8(ascii: "#") else { return nil }
        var i = 1
        var textEnd = -1
        while textEnd < 0 {
            if i == window.available {
                guard i < maxLineBytes, try window.fill(atLeast: i + 1) else { return nil }
            }
            let byte = window.bytes[i]
            switch byte {
            case UInt8(ascii: "\n"):
                textEnd = i
            case UInt8(ascii: "\r"):
                guard try window.fill(atLeast: i + 2), window.bytes[i + 1] == UInt8(ascii: "\n") else { return nil }
                textEnd = i
                i += 1
            case 0x20...0x7E, UInt8(ascii: "\t"):
                break
            default:
                return nil
            }
            i += 1
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: window.bytes[0..<textEnd]), as: UTF8.self)
        window.consume(i)
        return text
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
