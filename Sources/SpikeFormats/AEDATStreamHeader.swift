/// The text header of an AEDAT stream, collected across pushes: holds at most one incomplete header line.
struct AEDATStreamHeader {
    private var parser: AEDATHeaderParser
    private var pending: [UInt8] = []

    init(source: String, version: String, otherDecoder: String, untilEndMarker: Bool) {
        parser = AEDATHeaderParser(path: source, version: version, otherReader: otherDecoder,
                                   untilEndMarker: untilEndMarker)
    }

    var header: AEDATHeader? { parser.header }
    /// Stream bytes taken so far.
    var offset: Int64 { parser.consumed + Int64(pending.count) }

    /// Takes header bytes; once the header is complete returns the bytes after it (the start of the body).
    mutating func push(_ bytes: UnsafeRawBufferPointer, endOfInput: Bool) throws(EventFileError) -> [UInt8]? {
        pending.append(contentsOf: bytes)
        var parser = self.parser
        let used = try pending.withBytes { (b) throws(EventFileError) -> Int in try parser.feed(b, endOfInput: endOfInput) }
        self.parser = parser
        pending.removeFirst(used)
        guard parser.header != nil else { return nil }
        defer { pending = [] }
        return pending
    }
}
