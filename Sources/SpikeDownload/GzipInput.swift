import CGzip
import Foundation

/// A gzip file's decompressed bytes, read forward in pieces (zlib's inflate; concatenated members are read on).
final class GzipInput {
    private let path: String
    private let handle: FileHandle
    private var stream = z_stream()
    private var compressed = [UInt8](repeating: 0, count: 1 << 16)
    private var compressedCount = 0
    private var endOfFile = false
    private var endOfStream = false

    init(path: String) throws(DownloadError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .archiveUnreadable(path: path, reason: "cannot open it")
        }
        self.path = path
        self.handle = handle
        // 15 + 32: the largest window, with a gzip (or zlib) header detected automatically.
        guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .archiveUnreadable(path: path, reason: "zlib could not start")
        }
    }

    deinit {
        inflateEnd(&stream)
        try? handle.close()
    }

    /// Fills `buffer` completely unless the data ends first; returns the count filled.
    func read(into buffer: inout [UInt8], count: Int) throws(DownloadError) -> Int {
        var filled = 0
        while filled < count, !endOfStream {
            if stream.avail_in == 0 {
                try refill()
                if compressedCount == 0 {
                    throw .archiveUnreadable(path: path, reason: "the gzip data ends early (a cut download?)")
                }
            }
            let status: Int32 = buffer.withUnsafeMutableBufferPointer { out in
                compressed.withUnsafeMutableBufferPointer { input in
                    let consumed = compressedCount - Int(stream.avail_in)
                    stream.next_in = input.baseAddress! + consumed
                    stream.next_out = out.baseAddress! + filled
                    stream.avail_out = UInt32(count - filled)
                    let before = stream.avail_out
                    let status = inflate(&stream, Z_NO_FLUSH)
                    filled += Int(before - stream.avail_out)
                    return status
                }
            }
            switch status {
            case Z_OK, Z_BUF_ERROR:
                continue
            case Z_STREAM_END:
                // Another gzip member may follow (as `cat a.gz b.gz` makes); otherwise the data is over.
                if stream.avail_in == 0 { try refill() }
                if stream.avail_in == 0 { endOfStream = true } else { inflateReset(&stream) }
            default:
                throw .archiveUnreadable(path: path, reason: "the gzip data is corrupt (zlib status \(status))")
            }
        }
        return filled
    }

    private func refill() throws(DownloadError) {
        guard !endOfFile else {
            compressedCount = 0
            stream.avail_in = 0
            return
        }
        let data: Data
        do { data = try handle.read(upToCount: compressed.count) ?? Data() } catch {
            throw .archiveUnreadable(path: path, reason: error.localizedDescription)
        }
        if data.isEmpty { endOfFile = true }
        compressedCount = data.count
        compressed.withUnsafeMutableBytes { _ = data.copyBytes(to: $0) }
        stream.avail_in = UInt32(data.count)
        // next_in is set from `compressed` before every inflate call, at the offset still unread.
    }
}
