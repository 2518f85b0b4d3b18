import Foundation

/// Refuses a second writer of the same cache while the first lives, in this process or another: a POSIX record
/// lock (`fcntl`) on `NAME.partial.lock` — which, unlike libhdf5's `flock`, a forked child does not inherit —
/// plus a registry of this process's writers (record locks never conflict within one process). Released by
/// `release()` or deinit (the lock file is deleted) or by the death of the process (the file stays, unlocked,
/// and the next writer takes it).
///
/// Its state is guarded by `NSLock`s (pthread mutexes) rather than `Synchronization.Mutex`, whose futex-based
/// lock ThreadSanitizer cannot see, so it reported the registry's guarded updates as races.
final class CacheWriteLock: @unchecked Sendable {
    let path: String
    private let state = NSLock()
    private var descriptor: Int32?  // guarded by `state`
    private static let heldHere = HeldPaths()

    /// The lock files this process holds.
    private final class HeldPaths: @unchecked Sendable {
        private let lock = NSLock()
        private var paths: Set<String> = []  // guarded by `lock`

        func insert(_ path: String) -> Bool { lock.withLock { paths.insert(path).inserted } }
        func remove(_ path: String) { _ = lock.withLock { paths.remove(path) } }
    }

    /// Takes the lock of the writer of `partialPath`, or throws `.busy` naming the writer that holds it.
    init(partialPath: String) throws(CacheError) {
        path = URL(fileURLWithPath: partialPath + ".lock").standardizedFileURL.path
        guard Self.heldHere.insert(path) else {
            throw .busy(path: partialPath, holder: "this process")
        }
        do {
            descriptor = try Self.lockFile(path, partial: partialPath)
        } catch {
            Self.heldHere.remove(path)
            throw error
        }
    }

    deinit { release() }

    /// Deletes the lock file and drops the lock (idempotent).
    func release() {
        guard let fd = state.withLock({ () -> Int32? in
            defer { descriptor = nil }
            return descriptor
        }) else { return }
        unlink(path)  // while still locked, so a waiting writer's inode check sends it to a fresh file
        close(fd)
        Self.heldHere.remove(path)
    }

    /// Opens (creating) and write-locks `path`; retries when another writer deleted the file between our open
    /// and our lock (the locked inode must still be the one at `path`).
    private static func lockFile(_ path: String, partial: String) throws(CacheError) -> Int32 {
        while true {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                throw .io(path: path, operation: "create the writer's lock file", reason: String(cString: strerror(errno)))
            }
            var request = flock()
            request.l_type = Int16(F_WRLCK)
            request.l_whence = Int16(SEEK_SET)
            if fcntl(fd, F_SETLK, &request) != 0 {
                let reason = errno
                var holder = flock()
                holder.l_type = Int16(F_WRLCK)
                holder.l_whence = Int16(SEEK_SET)
                let pid = fcntl(fd, F_GETLK, &holder) == 0 && holder.l_type != Int16(F_UNLCK) ? holder.l_pid : 0
                close(fd)
                guard reason == EACCES || reason == EAGAIN else {
                    throw .io(path: path, operation: "lock", reason: String(cString: strerror(reason)))
                }
                throw .busy(path: partial, holder: pid > 0 ? "process \(pid)" : "another process")
            }
            var opened = stat(), named = stat()
            if fstat(fd, &opened) == 0, stat(path, &named) == 0, opened.st_ino == named.st_ino, opened.st_dev == named.st_dev {
                return fd
            }
            close(fd)
        }
    }
}
