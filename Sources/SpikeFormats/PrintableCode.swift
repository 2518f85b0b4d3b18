/// A four-character code (RIFF chunk id, FlatBuffer identifier) as text for messages and listings: printable
/// ASCII as it is, any other byte as `\xNN`, so damage shows as bytes instead of control characters.
func printableCode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
    bytes.map { (0x20..<0x7F).contains($0) ? String(UnicodeScalar($0)) : "\\x" + String($0, radix: 16, uppercase: true).leftPadded(to: 2) }
        .joined()
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
