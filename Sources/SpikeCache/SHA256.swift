import Crypto

/// SHA-256 for cache keys and content digests, through swift-crypto (BoringSSL's implementation on Linux), with
/// the incremental byte-sequence API the callers use.
public struct SHA256 {
    private var hasher = Crypto.SHA256()

    public init() {}

    /// Adds `bytes` to the message.
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        if done == nil { hasher.update(data: Array(bytes)) }
    }

    /// The 32-byte digest of everything added so far.
    public func finalize() -> [UInt8] { Array(hasher.finalize()) }

    /// The digest of `bytes` as 64 lowercase hex digits.
    public static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize().map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
