/// `withUnsafeBytes` variants that keep `CacheError` typed (the standard ones rethrow `any Error`).
extension Array where Element: BitwiseCopyable {
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws(CacheError) -> R) throws(CacheError) -> R {
        try withUnsafeBytes { raw in Result { () throws(CacheError) in try body(raw) } }.get()
    }

    mutating func withMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws(CacheError) -> R) throws(CacheError) -> R {
        try withUnsafeMutableBytes { raw in Result { () throws(CacheError) in try body(raw) } }.get()
    }
}
