import CHDF5
import Foundation

/// Process-wide gate for libhdf5. Debian's threadsafe build already holds one global lock per call; we keep our
/// own (recursive, so handle deinits inside a locked section are fine) so a multi-call sequence such as
/// "look up chunk size, then read it" is atomic, and so correctness never depends on how libhdf5 was built.
enum HDF5Library {
    private static let lock = NSRecursiveLock()

    /// Opens the library once and registers the zstd filter before any cache file is touched.
    ///
    /// libhdf5's own file locks are turned off (unless the user set `HDF5_USE_FILE_LOCKING` themselves). They
    /// are `flock`s, held by the open file description, which a child process forked at that moment (a
    /// `Process` started by another thread) shares until it execs: a writer that closes its partial file after
    /// a commit and reopens it for the next, or a reader that opens the cache just published, then finds it
    /// "locked" by that child (EAGAIN, seen in CI). They guard nothing here: a file being written is its
    /// writer's own `NAME.partial`, published by rename, and `CacheWriteLock` refuses a second writer of a
    /// cache. The environment variable (set here, before libhdf5's first call) rather than a file access list:
    /// libhdf5 opens the shard files behind a virtual dataset itself, and refuses (reading fill values instead)
    /// one already open with another locking setting.
    private static let bootstrap: Void = {
        lock.lock()
        defer { lock.unlock() }
        setenv("HDF5_USE_FILE_LOCKING", "FALSE", 0)
        _ = H5open()
        ss_silence_errors()
        if ZstdFilter.install() < 0 { fatalError("H5Zregister failed for zstd: \(errorDetail())") }
    }()

    /// Initializes libhdf5 and the zstd filter (once per process).
    static func prepare() { _ = bootstrap }

    /// Runs `body` holding the HDF5 lock. Error-stack printing is per thread in threadsafe builds, so it is
    /// silenced on every entry: failures are reported through `CacheError` instead.
    static func locked<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
        _ = bootstrap
        lock.lock()
        defer { lock.unlock() }
        ss_silence_errors()
        return try body()
    }

    /// The innermost messages on this thread's HDF5 error stack, for error reports.
    static func errorDetail() -> String {
        final class Collector { var messages: [String] = [] }
        let collector = Collector()
        let walker: H5E_walk2_t = { _, error, context in
            guard let error, let context else { return 0 }
            let collector = Unmanaged<Collector>.fromOpaque(context).takeUnretainedValue()
            if collector.messages.count < 3, let desc = error.pointee.desc {
                let func_ = error.pointee.func_name.map { String(cString: $0) } ?? "?"
                collector.messages.append("\(func_): \(String(cString: desc))")
            }
            return 0
        }
        _ = withExtendedLifetime(collector) {
            H5Ewalk2(hid_t(ss_H5E_DEFAULT()), H5E_WALK_UPWARD, walker, Unmanaged.passUnretained(collector).toOpaque())
        }
        H5Eclear2(hid_t(ss_H5E_DEFAULT()))
        return collector.messages.isEmpty ? "no HDF5 error detail" : collector.messages.joined(separator: "; ")
    }
}

/// An HDF5 identifier that is closed when the last reference goes away.
final class HDF5Handle: @unchecked Sendable {
    typealias Closer = @convention(c) (hid_t) -> herr_t
    let id: hid_t
    private let closer: Closer

    /// Wraps `id`, throwing `CacheError.hdf5` (with the HDF5 error detail) when it is negative.
    init(_ id: hid_t, closer: Closer, path: String, operation: @autoclosure () -> String) throws(CacheError) {
        guard id >= 0 else { throw .hdf5(path: path, operation: operation(), detail: HDF5Library.errorDetail()) }
        self.id = id
        self.closer = closer
    }

    deinit {
        HDF5Library.locked { _ = closer(id) }
    }
}

/// Throws `CacheError.hdf5` when an HDF5 status return is negative.
func h5check(_ status: herr_t, path: String, _ operation: @autoclosure () -> String) throws(CacheError) {
    if status < 0 { throw .hdf5(path: path, operation: operation(), detail: HDF5Library.errorDetail()) }
}
