/// Recognises one line of a text header in front of binary data (AEDAT's `#` lines, Prophesee's `%` lines).
///
/// A header line is the marker byte, then printable ASCII (or tab), then `\n` or `\r\n`, shorter than
/// `maxBytes`. Requiring all of this, not just the leading marker, is what keeps binary data whose first byte
/// happens to equal the marker from being taken for a header line.
enum HeaderLine: Equatable {
    /// A header line: its text without the line end, and its length with the line end.
    case line(String, length: Int)
    /// The bytes cannot start a header line.
    case notALine
    /// The bytes so far are a header line's beginning.
    case needMore

    /// Whether `bytes` start with a header line. `endOfInput` says no byte follows `bytes`.
    static func scan(_ bytes: UnsafeRawBufferPointer, marker: UInt8, maxBytes: Int, endOfInput: Bool) -> HeaderLine {
        let incomplete: HeaderLine = endOfInput || bytes.count >= maxBytes ? .notALine : .needMore
        guard !bytes.isEmpty else { return incomplete }
        guard bytes[0] == marker else { return .notALine }
        var i = 1
        while i < bytes.count && i < maxBytes {
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
