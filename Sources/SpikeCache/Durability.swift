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
}
