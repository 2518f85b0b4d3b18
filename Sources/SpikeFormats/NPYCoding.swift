import Foundation

/// The `.npy` format (NumPy's one-array file): magic `\x93NUMPY`, version, a Python-literal header dict with
/// `descr`, `fortran_order` and `shape`, then the values in C order. Versions 1.0–3.0, little-endian only.
enum NPYCoding {
    private static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// Decodes the `.npy` bytes `bytes[range]` of archive member `member`.
    static func decode(_ bytes: [UInt8], _ range: Range<Int>, member: String, path: String) throws(NumPyArchiveError) -> NumPyArray {
        func bad(_ reason: String, _ at: Int) -> NumPyArchiveError {
            .badArray(path: path, member: member, offset: at, reason: reason)
        }
        let r = ByteReader(bytes: bytes, path: path), start = range.lowerBound
        guard range.count >= 10, Array(bytes[start..<start + 6]) == magic else { throw bad("is not a .npy array", start) }
        let major = bytes[start + 6]
        guard (1...3).contains(major) else { throw bad("has .npy version \(major), which is not 1, 2 or 3", start + 6) }
        let headerLength = major == 1 ? Int(r.u16(start + 8)) : Int(r.u32(start + 8))
        let headerStart = start + (major == 1 ? 10 : 12)
        guard headerStart + headerLength <= range.upperBound else { throw bad("has a header past its end", start + 8) }
        let header = String(decoding: bytes[headerStart..<headerStart + headerLength], as: UTF8.self)
        guard let descr = field("descr", in: header).flatMap(quoted) else { throw bad("has no 'descr' in its header", headerStart) }
        guard let dtype = NumPyArray.DType(rawValue: descr == "<b1" ? "|b1" : descr) else {
            throw bad("has element type '\(descr)'; expected a little-endian number (e.g. '<f8', '<i8')", headerStart)
        }
        guard field("fortran_order", in: header)?.hasPrefix("False") == true else {
            throw bad("is in Fortran order; save it in C order", headerStart)
        }
        guard let shape = field("shape", in: header).flatMap(tuple) else { throw bad("has no readable 'shape'", headerStart) }
        let dataStart = headerStart + headerLength
        let (count, overflow) = shape.reduce((1, false)) { acc, n in
            let (p, o) = acc.0.multipliedReportingOverflow(by: n)
            return (p, acc.1 || o)
        }
        let (byteCount, tooMany) = count.multipliedReportingOverflow(by: dtype.size)
        guard !overflow, !tooMany, byteCount <= range.upperBound - dataStart else {
            throw bad("of shape \(shape) needs more bytes than it holds", dataStart)
        }
        let values = (0..<count).map { i in value(r, at: dataStart + i * dtype.size, dtype) }
        return NumPyArray(dtype: dtype, shape: shape, values: values)
    }

    /// The `.npy` (version 1.0) bytes of `array`, stored as float64 or int64.
    static func encode(_ array: NumPyArray) -> [UInt8] {
        let integer = array.dtype.isInteger
        let shape = array.shape.count == 1 ? "(\(array.shape[0]),)" : "(" + array.shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(integer ? "<i8" : "<f8")', 'fortran_order': False, 'shape': \(shape), }"
        // Magic, version and length take 10 bytes; the header ends in a newline and pads the whole to 64 bytes.
        header += String(repeating: " ", count: (64 - (10 + header.utf8.count + 1) % 64) % 64) + "\n"
        let length = UInt16(header.utf8.count)
        var out = magic + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(header.utf8)
        out.reserveCapacity(out.count + 8 * array.values.count)
        for v in array.values {
            let bits = integer ? UInt64(bitPattern: wholeNumber(v)) : v.bitPattern
            withUnsafeBytes(of: bits.littleEndian) { out += $0 }
        }
        return out
    }

    /// `v` as an int64: NaN as 0, beyond the range as its end (int64s read from a file come back unchanged).
    private static func wholeNumber(_ v: Double) -> Int64 {
        v.isNaN ? 0 : v >= 0x1p63 ? .max : v < -0x1p63 ? .min : Int64(v)
    }

    private static func value(_ r: ByteReader, at: Int, _ dtype: NumPyArray.DType) -> Double {
        switch dtype {
        case .float64: Double(bitPattern: r.u64(at))
        case .float32: Double(Float(bitPattern: r.u32(at)))
        case .int64: Double(Int64(bitPattern: r.u64(at)))
        case .int32: Double(Int32(bitPattern: r.u32(at)))
        case .int16: Double(Int16(bitPattern: r.u16(at)))
        case .int8: Double(Int8(bitPattern: r.bytes[at]))
        case .uint64: Double(r.u64(at))
        case .uint32: Double(r.u32(at))
        case .uint16: Double(r.u16(at))
        case .uint8, .bool: Double(r.bytes[at])
        }
    }

    /// The text after `'key':` in the header dict, up to the end.
    private static func field(_ key: String, in header: String) -> Substring? {
        guard let range = header.range(of: "'\(key)':") ?? header.range(of: "\"\(key)\":") else { return nil }
        return header[range.upperBound...].drop { $0 == " " }
    }

    private static func quoted(_ text: Substring) -> String? {
        guard let quote = text.first, quote == "'" || quote == "\"" else { return nil }
        return text.dropFirst().split(separator: quote, maxSplits: 1).first.map(String.init)
    }

    /// `(2, 3)`, `(3,)` or `()`.
    private static func tuple(_ text: Substring) -> [Int]? {
        guard text.first == "(", let close = text.firstIndex(of: ")") else { return nil }
        let parts = text[text.index(after: text.startIndex)..<close].split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let dims = parts.compactMap { Int($0) }
        return dims.count == parts.count && dims.allSatisfy { $0 >= 0 } ? dims : nil
    }
}
