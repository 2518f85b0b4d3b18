import Foundation
import ZIPFoundation

/// Unpacks a zip (ZIPFoundation) or a .tar.gz (`TarGzExtractor`) into a folder, told apart by their first bytes.
enum ArchiveExtractor {
    static func extract(_ archive: String, into folder: String) throws(DownloadError) {
        try ArchivePath.makeFolder(folder)
        let magic = FileHandle(forReadingAtPath: archive).flatMap { try? $0.read(upToCount: 4) } ?? Data()
        if magic.starts(with: [0x50, 0x4B]) {  // "PK"
            do {
                try FileManager.default.unzipItem(at: URL(fileURLWithPath: archive),
                                                  to: URL(fileURLWithPath: folder))
            } catch {
                // ZIPFoundation reports a failed write as its own error; a volume with no room left is the usual cause.
                if let free = (try? FileManager.default.attributesOfFileSystem(forPath: folder))?[.systemFreeSize]
                    as? NSNumber, free.int64Value < 1 << 20 {
                    throw .fileSystem(path: folder, reason: "the disk is full")
                }
                throw .archiveUnreadable(path: archive, reason: Self.reason(error))
            }
        } else if magic.starts(with: [0x1F, 0x8B]) {
            try TarGzExtractor.extract(archive, into: folder)
        } else {
            throw .archiveUnreadable(path: archive, reason: "it is neither a zip nor a .tar.gz")
        }
    }

    /// ZIPFoundation's errors in words (its own descriptions name its internal types).
    private static func reason(_ error: any Error) -> String {
        if let error = error as? Archive.ArchiveError {
            switch error {
            case .unreadableArchive, .missingEndOfCentralDirectoryRecord, .invalidCentralDirectoryOffset:
                return "the zip's directory is missing or unreadable (a cut or damaged download?)"
            case .invalidEntryPath, .uncontainedSymlink:
                return "an entry would land outside the folder"
            case .invalidCRC32, .invalidCompressionMethod:
                return "an entry's data is corrupt"
            default:
                return "the zip is damaged (\(error))"
            }
        }
        return (error as NSError).localizedDescription
    }
}
