/// Parses an AEDAT text header from bytes as they arrive: the file readers feed it their read window, the
/// stream decoders the pushed bytes. Rules as in `AEDATHeader`.
struct AEDATHeaderParser {
    let path: String
    let version: String
    let otherReader: String
    let untilEndMarker: Bool
    private var lines: [String] = []
    /// Header bytes consumed so far (= the data offset once done).
    private(set) var consumed: Int64 = 0
    /// The header, once complete.
    private(set) var header: AEDATHeader?

    init(path: String, version: String, otherReader: String, untilEndMarker: Bool) {
        self.path = path
        self.version = version
        self.otherReader = otherReader
        self.untilEndMarker = untilEndMarker
    }

    /// Consumes the whole header lines at the start of `bytes` and returns how many bytes they took; sets
    /// `header` when the header ends. `endOfInput` says no byte follows `bytes`.
    mutating func feed(_ bytes: UnsafeRawBufferPointer, endOfInput: Bool) throws(EventFileError) -> Int {
        var used = 0
        while header == nil {
            switch Self.scanLine(UnsafeRawBufferPointer(rebasing: bytes[used...]), endOfInput: endOfInput) {
            case .needMore:
                return used
            case .line(let text, let length):
                used += length
                consumed += Int64(length)
                try accept(text)
            case .notALine:
                try end(atOffset: consumed, atEndOfInput: endOfInput && used == bytes.count)
            }
        }
        return used
    }

    private mutating func accept(_ line: String) throws(EventFileError) {
        if lines.isEmpty {
            guard line.hasPrefix(AEDATHeader.versionPrefix) else { throw notAEDAT() }
            let found = String(line.dropFirst(AEDATHeader.versionPrefix.count))
            guard found.hasPrefix(version) else {
                throw .malformed(path: path, offset: 0, reason: "this is AEDAT \(found), not \(version)x; "
                                     + "open it with \(otherReader)")
            }
        }
        lines.append(line)
        if untilEndMarker && line == AEDATHeader.endMarker { finishHeader() }
    }

    /// The bytes at `offset` are not a header line: the end of an AEDAT 2.0 header, an error otherwise.
    private mutating func end(atOffset offset: Int64, atEndOfInput: Bool) throws(EventFileError) {
        guard !lines.isEmpty else { throw notAEDAT() }
        guard untilEndMarker else { return finishHeader() }
        throw .malformed(path: path, offset: offset, reason: atEndOfInput
                             ? "the file ends inside the header: no '\(AEDATHeader.endMarker)' line"
                             : "expected a '#' header line ending in a line break or '\(AEDATHeader.endMarker)' "
                             + "here; the header is damaged (AEDAT 3.x headers end with '\(AEDATHeader.endMarker)')")
    }

    private mutating func finishHeader() {
        let found = String(lines[0].dropFirst(AEDATHeader.versionPrefix.count))
        header = AEDATHeader(lines: lines, version: found, dataOffset: consumed)
    }

    private func notAEDAT() -> EventFileError {
        .malformed(path: path, offset: 0, reason: "the first line is not '\(AEDATHeader.versionPrefix)<version>' "
                       + "(e.g. #!AER-DAT2.0 or #!AER-DAT3.1), so this is not an AEDAT file")
    }

    enum LineScan: Equatable {
        /// A header line: its text and its length with the line end.
        case line(String, length: Int)
        /// The bytes cannot start a header line.
        case notALine
        /// The bytes so far are a header line's beginning.
        case needMore
    }

    /// Whether `bytes` start with a header line: `#`, printable ASCII or tab, `\n` or `\r\n`, shorter than
    /// `AEDATHeader.maxLineBytes`.
    static func scanLine(_ bytes: UnsafeRawBufferPointer, endOfInput: Bool) -> LineScan {
        let incomplete: LineScan = endOfInput || bytes.count >= AEDATHeader.maxLineBytes ? .notALine : .needMore
        guard !bytes.isEmpty else { return incomplete }
        guard bytes[0] == UInt8(ascii: "#") else { return .notALine }
        var i = 1
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\n"):
                return .line(text(bytes, i), length: i + 1)
            case UInt8(ascii: "\r"):
                guard i + 1 < bytes.count else { return incomplete }
                return bytes[i + 1] == UInt8(ascii: "\n") ? .line(text(bytes, i), length: i + 2) : .notALine
            case 0x20...0x7E, UInt8(ascii: "\t"):
                i += 1
            default:
                return .notALine
            }
        }
        return incomplete
    }

    private static func text(_ bytes: UnsafeRawBufferPointer, _ end: Int) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<end]), as: UTF8.self)
    }
}
