import Foundation

/// Entry names from archives made safe to write, and folders made as needed.
enum ArchivePath {
    /// `name` without leading `./` or `/`; `nil` when a `..` component would climb out of the extraction folder.
    static func safeRelative(_ name: String) -> String? {
        let parts = name.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        guard !parts.contains("..") else { return nil }
        return parts.joined(separator: "/")
    }

    static func makeFolder(_ path: String) throws(DownloadError) {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw .fileSystem(path: path, reason: error.localizedDescription)
        }
    }
}
