import Foundation

/// The identity of a cache's contents: SHA-256 of a canonical JSON (sorted keys, no escaped slashes) of what
/// produced it. Stable across processes and machines, unlike Swift's per-process-seeded `Hasher`.
public struct CacheKey: Hashable, Sendable, CustomStringConvertible {
    /// 64 lowercase hex digits, stored as the `cache_key` attribute.
    public let hex: String
    /// The exact JSON text that was hashed.
    public let canonicalJSON: String

    /// The key of any `Encodable` description.
    public init(describing value: some Encodable) throws(CacheError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do { data = try encoder.encode(value) } catch {
            throw .invalidConfiguration(reason: "cannot encode the cache description as JSON: \(error)")
        }
        canonicalJSON = String(decoding: data, as: UTF8.self)
        hex = SHA256.hex(data)
    }

    /// The key of a dataset identity, its ordered transform list and the binning parameters, plus the cache
    /// format version (so a format change invalidates old caches) and whether `/events` is stored (only a
    /// cache that stores them adds `"store_events": true`, so frame-only keys stay as they were).
    public init(dataset: some Encodable, transforms: some Encodable, binning: some Encodable,
                formatVersion: Int = CacheLayout.formatVersion, storeEvents: Bool = false) throws(CacheError) {
        try self.init(describing: Description(dataset: dataset, transforms: transforms, binning: binning,
                                              formatVersion: formatVersion, storeEvents: storeEvents ? true : nil))
    }

    /// The key of shard `shard` ("k/n") of the cache whose key is `full`.
    public init(shard: String, of full: String) throws(CacheError) {
        try self.init(describing: [CacheLayout.Attribute.fullCacheKey: full, CacheLayout.Attribute.shard: shard])
    }

    public var description: String { hex }

    private struct Description<D: Encodable, T: Encodable, B: Encodable>: Encodable {
        let dataset: D
        let transforms: T
        let binning: B
        let formatVersion: Int
        let storeEvents: Bool?

        enum CodingKeys: String, CodingKey {
            case dataset, transforms, binning
            case formatVersion = "format_version"
            case storeEvents = "store_events"
        }
    }
}
