import Crypto
import Foundation
import SpikeDatasets

/// Digests a file in 1 MiB reads and compares it with a published checksum; a mismatch deletes the file.
public enum ChecksumVerifier {
    public static func digest(of path: String, algorithm: Checksum.Algorithm) throws(DownloadError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .unreadable(path: path, reason: "it cannot be opened")
        }
        defer { try? handle.close() }
        var md5 = Insecure.MD5()
        var sha = SHA256()
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: 1 << 20) ?? Data() } catch {
                throw .unreadable(path: path, reason: error.localizedDescription)
            }
            if chunk.isEmpty { break }
            switch algorithm {
            case .md5: md5.update(data: chunk)
            case .sha256: sha.update(data: chunk)
            }
        }
        let bytes: [UInt8] = algorithm == .md5 ? Array(md5.finalize()) : Array(sha.finalize())
        return bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// Throws `.checksumMismatch` (after deleting `path`) when the file's digest is not `expected`.
    public static func verify(_ path: String, expected: Checksum) throws(DownloadError) {
        let actual = try digest(of: path, algorithm: expected.algorithm)
        guard actual == expected.hex else {
            try? FileManager.default.removeItem(atPath: path)
            throw .checksumMismatch(file: path, expected: expected, actual: actual, deleted: true)
        }
    }
}
