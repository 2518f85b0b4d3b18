import Foundation

/// Unpacks a .tar.gz (POSIX ustar, with GNU long names and pax `path` records) into a folder: regular files and
/// folders only; links are skipped and no entry may leave the folder.
enum TarGzExtractor {
    static func extract(_ archive: String, into folder: String) throws(DownloadError) {
        let input = try GzipInput(path: archive)
        var header = [UInt8](repeating: 0, count: 512)
        var pendingName: String?
        while true {
            guard try input.read(into: &header, count: 512) == 512 else {
                throw .archiveUnreadable(path: archive, reason: "the tar data ends inside a header")
            }
            if header.allSatisfy({ $0 == 0 }) { return }  // the end-of-archive blocks
            let size = try Self.size(header, archive: archive)
            let type = header[156]
            switch type {
            case UInt8(ascii: "L"):  // GNU: the next entry's long name is this entry's data
                pendingName = Self.text(try Self.readData(input, size: size, archive: archive))
            case UInt8(ascii: "x"):  // pax: "<len> path=<name>\n" records for the next entry
                let records = Self.text(try Self.readData(input, size: size, archive: archive))
                for record in records.split(separator: "\n") {
                    if let range = record.range(of: " path=") { pendingName = String(record[range.upperBound...]) }
                }
            case 0, UInt8(ascii: "0"), UInt8(ascii: "7"), UInt8(ascii: "5"):
                let name = pendingName ?? Self.headerName(header)
                pendingName = nil
                guard let relative = ArchivePath.safeRelative(name) else {
                    throw .archiveUnreadable(path: archive, reason: "entry '\(name)' would land outside the folder")
                }
                let target = folder + "/" + relative
                if type == UInt8(ascii: "5") || relative.isEmpty {
                    try ArchivePath.makeFolder(target)
                    try Self.skip(input, size: size, archive: archive)
                } else {
                    try ArchivePath.makeFolder((target as NSString).deletingLastPathComponent)
                    try Self.copy(input, size: size, to: target, archive: archive)
                }
            default:  // links, devices, global pax headers: nothing a dataset layout needs
                pendingName = nil
                try Self.skip(input, size: size, archive: archive)
            }
        }
    }

    /// The size field: octal text, or base-256 when its first byte has the high bit set (GNU, for > 8 GiB).
    private static func size(_ header: [UInt8], archive: String) throws(DownloadError) -> Int {
        let field = header[124..<136]
        if field.first! & 0x80 != 0 {
            return field.dropFirst().reduce(0) { $0 << 8 | Int($1) }
        }
        let digits = field.prefix { $0 != 0 && $0 != UInt8(ascii: " ") }.drop { $0 == UInt8(ascii: " ") }
        guard let value = Int(String(decoding: digits, as: UTF8.self), radix: 8) ?? (digits.isEmpty ? 0 : nil) else {
            throw .archiveUnreadable(path: archive, reason: "a tar header has an unreadable size")
        }
        return value
    }

    private static func headerName(_ header: [UInt8]) -> String {
        let name = text(Array(header[0..<100]))
        let isUstar = header[257..<262].elementsEqual("ustar".utf8)
        let prefix = isUstar ? text(Array(header[345..<500])) : ""
        return prefix.isEmpty ? name : prefix + "/" + name
    }

    private static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self).trimmingCharacters(in: .newlines)
    }

    private static func padded(_ size: Int) -> Int { (size + 511) / 512 * 512 }

    private static func readData(_ input: GzipInput, size: Int, archive: String) throws(DownloadError) -> [UInt8] {
        var data = [UInt8](repeating: 0, count: padded(size))
        guard try input.read(into: &data, count: data.count) == data.count else {
            throw .archiveUnreadable(path: archive, reason: "the tar data ends inside an entry")
        }
        return Array(data.prefix(size))
    }

    private static func skip(_ input: GzipInput, size: Int, archive: String) throws(DownloadError) {
        try discard(input, count: padded(size), archive: archive)
    }

    private static func discard(_ input: GzipInput, count: Int, archive: String) throws(DownloadError) {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var left = count
        while left > 0 {
            let n = min(left, buffer.count)
            guard try input.read(into: &buffer, count: n) == n else {
                throw .archiveUnreadable(path: archive, reason: "the tar data ends inside an entry")
            }
            left -= n
        }
    }

    private static func copy(_ input: GzipInput, size: Int, to path: String, archive: String) throws(DownloadError) {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let out = FileHandle(forWritingAtPath: path) else {
            throw .fileSystem(path: path, reason: "cannot create the file")
        }
        defer { try? out.close() }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var left = size
        while left > 0 {
            let n = min(left, buffer.count)
            guard try input.read(into: &buffer, count: n) == n else {
                throw .archiveUnreadable(path: archive, reason: "the tar data ends inside '\(path)'")
            }
            do { try out.write(contentsOf: buffer[0..<n]) } catch {
                throw .fileSystem(path: path, reason: error.localizedDescription)
            }
            left -= n
        }
        try discard(input, count: padded(size) - size, archive: archive)
    }
}
