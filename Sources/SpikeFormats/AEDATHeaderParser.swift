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
            switch HeaderLine.scan(UnsafeRawBufferPointer(rebasing: bytes[used...]), marker: UInt8(ascii: "#"),
                                   maxBytes: AEDATHeader.maxLineBytes, endOfInput: endOfInput) {
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
                let reader = found.hasPrefix("4") ? "AEDAT4Reader (--format aedat4)" : otherReader
                throw .malformed(path: path, offset: 0, reason: "this is AEDAT \(found), not \(version)x; "
                                     + "open it with \(reader)")
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
}
