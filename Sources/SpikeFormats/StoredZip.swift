/// The part of the zip format `.npz` archives use: members stored without compression (what `numpy.savez`
/// writes), with Zip64 sizes and offsets where a writer put them. Reading checks every offset against the
/// buffer and every member's CRC-32.
enum StoredZip {
    struct Member {
        let name: String
        /// The member's bytes within the archive.
        let data: Range<Int>
    }

    private static let endOfDirectory: UInt32 = 0x0605_4B50, zip64End: UInt32 = 0x0606_4B50
    private static let zip64Locator: UInt32 = 0x0706_4B50, directoryEntry: UInt32 = 0x0201_4B50
    private static let localHeader: UInt32 = 0x0403_4B50

    /// The members of the archive in `bytes`, in directory order.
    static func members(of bytes: [UInt8], path: String) throws(NumPyArchiveError) -> [Member] {
        let r = ByteReader(bytes: bytes, path: path)
        // The end-of-directory record is the last 22 bytes plus a comment of at most 65,535 bytes.
        let lowest = max(0, bytes.count - 22 - 65_535)
        guard let end = stride(from: bytes.count - 22, through: lowest, by: -1).first(where: { r.u32($0) == endOfDirectory })
        else { throw .notArchive(path: path, offset: 0, reason: "no zip end-of-directory record") }
        var count = Int(r.u16(end + 10)), size = Int(r.u32(end + 12)), start = Int(r.u32(end + 16))
        if end >= 20, r.u32(end - 20) == zip64Locator {
            let record = try r.offset(r.u64(end - 12), at: end - 12)
            guard r.checked(record, 56) && r.u32(record) == zip64End else {
                throw .notArchive(path: path, offset: record, reason: "a damaged Zip64 end-of-directory record")
            }
            count = try r.offset(r.u64(record + 32), at: record + 32)
            size = try r.offset(r.u64(record + 40), at: record + 40)
            start = try r.offset(r.u64(record + 48), at: record + 48)
        }
        guard start <= bytes.count, size <= bytes.count - start else {
            throw .notArchive(path: path, offset: end, reason: "the directory lies outside the file")
        }
        var members: [Member] = []
        var at = start
        for _ in 0..<count {
            guard r.checked(at, 46), r.u32(at) == directoryEntry else {
                throw .notArchive(path: path, offset: at, reason: "a damaged directory entry")
            }
            let method = r.u16(at + 10), crc = r.u32(at + 16)
            var stored = Int(r.u32(at + 20)), local = Int(r.u32(at + 42))
            let nameLength = Int(r.u16(at + 28)), extraLength = Int(r.u16(at + 30)), commentLength = Int(r.u16(at + 32))
            guard r.checked(at + 46, nameLength + extraLength + commentLength) else {
                throw .notArchive(path: path, offset: at, reason: "a directory entry runs past the end")
            }
            let name = String(decoding: bytes[at + 46..<at + 46 + nameLength], as: UTF8.self)
            try zip64Fields(r, extra: at + 46 + nameLength, length: extraLength,
                            original: Int(r.u32(at + 24)), stored: &stored, local: &local)
            guard method == 0 else { throw .compressed(path: path, member: name) }
            guard r.checked(local, 30), r.u32(local) == localHeader else {
                throw .notArchive(path: path, offset: local, reason: "no local header for '\(name)'")
            }
            let data = local + 30 + Int(r.u16(local + 26)) + Int(r.u16(local + 28))
            guard r.checked(data, stored) else {
                throw .notArchive(path: path, offset: data, reason: "member '\(name)' runs past the end")
            }
            guard CRC32.checksum(bytes[data..<data + stored]) == crc else {
                throw .notArchive(path: path, offset: data, reason: "member '\(name)' fails its CRC-32 check (damaged)")
            }
            members.append(Member(name: name, data: data..<data + stored))
            at += 46 + nameLength + extraLength + commentLength
        }
        return members
    }

    /// Reads the Zip64 extra field (id 1) of a directory entry: 64-bit values for the fields that hold 0xFFFFFFFF,
    /// in the order original size, stored size, local header offset.
    private static func zip64Fields(_ r: ByteReader, extra: Int, length: Int, original: Int,
                                    stored: inout Int, local: inout Int) throws(NumPyArchiveError) {
        var at = extra
        while at + 4 <= extra + length {
            let id = r.u16(at), size = Int(r.u16(at + 2))
            if id == 1 {
                var field = at + 4
                for (index, value) in [original, stored, local].enumerated() where value == 0xFFFF_FFFF {
                    guard field + 8 <= at + 4 + size else { break }
                    let wide = try r.offset(r.u64(field), at: field)
                    if index == 1 { stored = wide } else if index == 2 { local = wide }
                    field += 8
                }
            }
            at += 4 + size
        }
    }

    /// An archive of `members` (name, bytes), stored, with CRC-32s; no Zip64 (members and offsets under 4 GiB).
    static func archive(_ members: [(name: String, bytes: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = [], directory: [UInt8] = []
        for (name, bytes) in members {
            let offset = out.count, crc = CRC32.checksum(bytes[...]), nameBytes = Array(name.utf8)
            // version 2.0, no flags, stored, DOS time 0:00 on 1980-01-01
            let common = le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21) + le32(crc) + le32(UInt32(bytes.count))
                + le32(UInt32(bytes.count)) + le16(UInt16(nameBytes.count)) + le16(0)
            out += le32(localHeader) + common + nameBytes + bytes
            directory += le32(directoryEntry) + le16(20) + common + le16(0) + le16(0) + le16(0) + le32(0)
                + le32(UInt32(offset)) + nameBytes
        }
        let start = out.count
        return out + directory + le32(endOfDirectory) + le16(0) + le16(0) + le16(UInt16(members.count))
            + le16(UInt16(members.count)) + le32(UInt32(directory.count)) + le32(UInt32(start)) + le16(0)
    }

    private static func le16(_ v: UInt16) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
    private static func le32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
}

/// Little-endian fields of a byte buffer, read at offsets the caller has checked (`checked`).
struct ByteReader {
    let bytes: [UInt8]
    let path: String

    func u16(_ at: Int) -> UInt16 { load(at) }
    func u32(_ at: Int) -> UInt32 { load(at) }
    func u64(_ at: Int) -> UInt64 { load(at) }

    private func load<T: FixedWidthInteger>(_ at: Int) -> T {
        bytes.withUnsafeBytes { FlatBufferTable.load($0, at, as: T.self) }
    }

    /// Whether `count` bytes from `at` lie in the buffer (a negative range is damage).
    func checked(_ at: Int, _ count: Int) -> Bool {
        at >= 0 && count >= 0 && at <= bytes.count && count <= bytes.count - at
    }

    /// A 64-bit offset or size as an Int, refused when it cannot be one in this buffer.
    func offset(_ value: UInt64, at: Int) throws(NumPyArchiveError) -> Int {
        guard value <= UInt64(bytes.count) else {
            throw .notArchive(path: path, offset: at, reason: "a 64-bit offset or size (\(value)) past the end of the file")
        }
        return Int(value)
    }
}

/// CRC-32 (ISO-HDLC, the zip checksum).
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { n in
        (0..<8).reduce(UInt32(n)) { c, _ in c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    }

    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        ~bytes.reduce(~UInt32(0)) { table[Int(($0 ^ UInt32($1)) & 0xFF)] ^ ($0 >> 8) }
    }
}
