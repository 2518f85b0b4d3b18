import Foundation

/// fsync of files and directories, so a finished cache and its rename survive a power loss.
enum Durability {
    static func fsync(path: String, directory: Bool) throws(CacheError) {
        let fd = open(path, directory ? O_RDONLY | O_DIRECTORY : O_RDONLY)
        guard fd >= 0 else { throw .io(path: path, operation: "open for fsync", reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        #if canImport(Glibc)
        let status = Glibc.fsync(fd)
        #else
        let status = Darwin.fsync(fd)
        #endif
        guard status == 0 else { throw .io(path: path, operation: "fsync", reason: String(cString: strerror(errno))) }
    }

    /// Makes a finished `partial` file the file at `path`: fsync, atomic rename, fsync of the directory, so a
    /// crash leaves either the old file or the complete new one.
    static func publish(partial: String, as path: String) throws(CacheError) {
        try fsync(path: partial, directory: false)
        guard rename(partial, path) == 0 else {
            throw .io(path: path, operation: "rename \(partial) to", reason: String(cString: strerror(errno)))
        }
        let folder = (path as NSString).deletingLastPathComponent
        try fsync(path: folder.isEmpty ? "." : folder, directory: true)
    }
}
