/// A sliding window over a `FileInput` for the AEDAT readers: header lines and packet headers need look-ahead
/// across read boundaries, bodies are decoded straight from the window. Memory is the fixed window size.
///
/// A regular file of at most `mapLimit` bytes (the readers' default: 64 MiB) is mapped instead (`FileMapping`): the window is then the whole
/// file, nothing is copied, and `fill` only reports what is there. Per file this saves the kernel's copy into the
/// buffer and the buffer itself, which is most of the fixed cost of small recordings (CIFAR10-DVS: ~730 KB each).
final class AEDATBufferedInput {
    let input: FileInput
    /// The block size readers size their chunks by (the buffer's size when reading).
    let capacity: Int
    private let mapping: FileMapping?
    private let storage: UnsafeMutableRawBufferPointer?
    private let base: UnsafeRawPointer
    private var start = 0
    private var end = 0
    private var exhausted = false

    init(input: FileInput, capacity: Int, mapLimit: Int64) {
        precondition(capacity >= 64)
        self.input = input
        self.capacity = capacity
        mapping = input.mapped(upTo: mapLimit)
        if let mapping {
            storage = nil
            base = mapping.bytes.baseAddress!
            end = mapping.bytes.count
            exhausted = true
        } else {
            let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 8)
            self.storage = storage
            base = UnsafeRawPointer(storage.baseAddress!)
        }
    }

    deinit { storage?.deallocate() }

    /// Opens `path` for an AEDAT reader: an empty file is an error; the window holds at least `blockBytes`
    /// and always a whole header line; a regular file of at most `mapLimit` bytes is mapped.
    static func open(path: String, blockBytes: Int, mapLimit: Int64) throws(EventFileError) -> AEDATBufferedInput {
        let input = try FileInput(path: path)
        if input.size == 0 { throw .emptyFile(path: path) }
        return AEDATBufferedInput(input: input, capacity: max(blockBytes, AEDATHeader.maxLineBytes + 64), mapLimit: mapLimit)
    }

    var path: String { input.path }
    /// File offset of the first unread byte.
    var offset: Int64 { mapping == nil ? input.offset - Int64(end - start) : Int64(start) }
    /// Unread bytes in the window.
    var available: Int { end - start }
    /// Bytes left in the file after the unread window bytes, when the file size is known.
    var remainingInFile: Int64? { input.size.map { $0 - offset } }
    /// The unread bytes; valid until the next `fill`, `consume` or `skip`.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base + start, count: end - start) }

    /// Reads until at least `count` bytes are unread (`count` ≤ capacity) or the file ends; returns whether
    /// `count` bytes are there. Reads as much as fits, so bodies are decoded in large blocks.
    @discardableResult
    func fill(atLeast count: Int) throws(EventFileError) -> Bool {
        if available >= count { return true }
        guard let storage, !exhausted else { return false }
        precondition(count <= storage.count)
        if start > 0 {
            let unread = available
            if unread > 0 { storage.baseAddress!.copyMemory(from: storage.baseAddress! + start, byteCount: unread) }
            start = 0
            end = unread
        }
        while end < count && !exhausted {
            let n = try input.read(into: UnsafeMutableRawBufferPointer(rebasing: storage[end...]))
            if n == 0 { exhausted = true }
            end += n
        }
        return available >= count
    }

    func consume(_ count: Int) {
        precondition(count <= available)
        start += count
    }

    /// Skips `count` bytes: first from the window, the rest by seeking. Callers check `count` against
    /// `remainingInFile` first, since seeking past the end does not fail.
    func skip(_ count: Int64) throws(EventFileError) {
        let fromWindow = Int(min(Int64(available), count))
        consume(fromWindow)
        if count > Int64(fromWindow) { try input.skip(count - Int64(fromWindow)) }
    }

    /// The index of the first `byte` in the unread window at or after `from`, if any.
    func firstIndex(of byte: UInt8, from: Int = 0) -> Int? {
        let window = bytes
        var i = from
        while i < window.count {
            if window[i] == byte { return i }
            i += 1
        }
        return nil
    }
}
