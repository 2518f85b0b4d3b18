import CZstd
import Foundation

/// Reusable zstd contexts. Creating a context per call (what `ZSTD_compress`/`ZSTD_decompress` do) costs
/// about as much as decoding a small frame chunk, so concurrent callers borrow one from here instead.
final class ZstdContextPool: @unchecked Sendable {
    static let compression = ZstdContextPool(create: { ZSTD_createCCtx() }, destroy: { _ = ZSTD_freeCCtx($0) })
    static let decompression = ZstdContextPool(create: { ZSTD_createDCtx() }, destroy: { _ = ZSTD_freeDCtx($0) })

    private let lock = NSLock()
    private var idle: [OpaquePointer] = []  // guarded by `lock`
    private let create: () -> OpaquePointer?
    private let destroy: (OpaquePointer) -> Void
    private let maxIdle = 16

    private init(create: @escaping () -> OpaquePointer?, destroy: @escaping (OpaquePointer) -> Void) {
        self.create = create
        self.destroy = destroy
    }

    func withContext<R>(_ body: (OpaquePointer) -> R) throws(CacheError) -> R {
        lock.lock()
        let reused = idle.popLast()
        lock.unlock()
        guard let context = reused ?? create() else { throw .compression(reason: "cannot allocate a zstd context") }
        let result = body(context)
        lock.lock()
        let keep = idle.count < maxIdle
        if keep { idle.append(context) }
        lock.unlock()
        if !keep { destroy(context) }
        return result
    }
}
