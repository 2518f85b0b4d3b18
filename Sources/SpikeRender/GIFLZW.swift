/// The variable-width LZW of GIF89a (spec §22 and Appendix F): codes start at `minimumCodeSize + 1` bits and
/// grow to 12; a clear code starts the stream and is sent again whenever the 4096-entry table is full.
/// Bits are packed least-significant first.
enum GIFLZW {
    /// The compressed code stream (without the sub-block framing) of colour-table `indices`, every index
    /// `< 1 << minimumCodeSize`.
    static func compress(_ indices: [UInt8], minimumCodeSize: Int) -> [UInt8] {
        let clear = 1 << minimumCodeSize
        let end = clear + 1
        var writer = BitWriter()
        var table: [Int: Int] = [:]  // (prefix code << 8 | next index) → code
        table.reserveCapacity(4096)
        var codeSize = minimumCodeSize + 1
        var nextCode = end + 1
        // The decoder counts one code slot per code read after a clear and widens its codes once the slot
        // reaches 2^size (it fills the slot one code later than the encoder does); the encoder mirrors that
        // after every code it writes, the last one included.
        func widenAfterCode() { if nextCode >= 1 << codeSize, codeSize < 12 { codeSize += 1 } }
        writer.write(clear, bits: codeSize)
        guard var prefix = indices.first.map(Int.init) else {
            writer.write(end, bits: codeSize)
            return writer.finish()
        }
        for index in indices.dropFirst() {
            let key = prefix << 8 | Int(index)
            if let code = table[key] {
                prefix = code
                continue
            }
            writer.write(prefix, bits: codeSize)
            if nextCode < 4096 {
                widenAfterCode()
                table[key] = nextCode
                nextCode += 1
            } else {
                writer.write(clear, bits: codeSize)
                table.removeAll(keepingCapacity: true)
                codeSize = minimumCodeSize + 1
                nextCode = end + 1
            }
            prefix = Int(index)
        }
        writer.write(prefix, bits: codeSize)
        widenAfterCode()
        writer.write(end, bits: codeSize)
        return writer.finish()
    }
}

/// Packs codes into bytes, least-significant bit first.
private struct BitWriter {
    private var bytes: [UInt8] = []
    private var buffer: UInt32 = 0
    private var count = 0

    mutating func write(_ code: Int, bits: Int) {
        buffer |= UInt32(code) << UInt32(count)
        count += bits
        while count >= 8 {
            bytes.append(UInt8(truncatingIfNeeded: buffer))
            buffer >>= 8
            count -= 8
        }
    }

    mutating func finish() -> [UInt8] {
        if count > 0 { bytes.append(UInt8(truncatingIfNeeded: buffer)) }
        return bytes
    }
}
