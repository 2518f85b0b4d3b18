#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A regular file mapped read-only into memory, so a reader decodes straight from the page cache instead of having
/// the kernel copy each block into a buffer first. Only small files are mapped (`FileInput.mapped(upTo:)`): the
/// pages are the page cache's own, clean and reclaimable, but they count in the process's resident size while
/// mapped, and the streaming readers promise memory bounded by their block size on large files.
final class FileMapping {
    let bytes: UnsafeRawBufferPointer

    /// Maps the first `size` bytes of `fd` (prefaulted on Linux: one system call instead of a fault per page
    /// run); `nil` when the system refuses, and the caller reads instead.
    init?(fd: Int32, size: Int) {
        guard size > 0 else { return nil }
        #if canImport(Glibc)
        let flags = MAP_PRIVATE | MAP_POPULATE
        #else
        let flags = MAP_PRIVATE
        #endif
        guard let address = mmap(nil, size, PROT_READ, flags, fd, 0), address != MAP_FAILED else { return nil }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count) }
}
