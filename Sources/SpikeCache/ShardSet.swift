import CHDF5
import Foundation
import SpikeEvents

/// The complete caches `preprocess --shard k/n` wrote for one unsharded cache, validated and in shard order:
/// one `full_cache_key`, every `k` of `n` exactly once, the same frame layout and attributes.
struct ShardSet {
    struct Member {
        let path: String
        let reader: CacheReader
        let index: Int
        /// Rows of `/frames`.
        var frameRows: Int { Int(reader.frameOffsets.last ?? 0) }
    }

    let members: [Member]
    let fullKey: String
    /// Root attributes every shard shares (all but the shard-specific ones, `cache_key` and `created_by`).
    let sharedAttributes: [String: String]
    /// Whether the shards carry the optional `/events` group.
    let hasEvents: Bool

    var first: CacheReader { members[0].reader }

    /// Attributes that differ between the shards of one set by design.
    static let perShardAttributes: Set<String> = [
        CacheLayout.Attribute.shard, CacheLayout.Attribute.fullCacheKey, CacheLayout.Attribute.cacheKey,
        CacheLayout.Attribute.createdBy, CacheLayout.Attribute.skippedSamples,
    ]

    init(paths: [String]) throws(CacheError) {
        guard !paths.isEmpty else { throw .mergeRefused(reason: "no shard files were given") }
        var members: [Member] = []
        var fullKeys: Set<String> = []
        var counts: Set<Int> = []
        for path in paths {
            let reader = try CacheReader(path: path)
            guard let shard = reader.attributes[CacheLayout.Attribute.shard],
                  let fullKey = reader.attributes[CacheLayout.Attribute.fullCacheKey] else {
                throw .mergeRefused(reason: "'\(path)' is not a shard (no shard / full_cache_key attributes); "
                                    + "build shards with `spikestream preprocess --shard k/n`")
            }
            let parts = shard.split(separator: "/").compactMap { Int($0) }
            guard parts.count == 2, (0..<parts[1]).contains(parts[0]),
                  reader.cacheKey == (try CacheKey(shard: shard, of: fullKey)).hex else {
                throw .mergeRefused(reason: "'\(path)' has shard '\(shard)' and a cache_key that does not belong to it")
            }
            members.append(Member(path: path, reader: reader, index: parts[0]))
            fullKeys.insert(fullKey)
            counts.insert(parts[1])
        }
        guard fullKeys.count == 1, let fullKey = fullKeys.first else {
            throw .mergeRefused(reason: "the files belong to \(fullKeys.count) different caches (full_cache_key "
                                + fullKeys.sorted().joined(separator: ", ") + "); merge the shards of one run")
        }
        guard counts.count == 1, let n = counts.first else {
            throw .mergeRefused(reason: "the shards disagree on the shard count (\(counts.sorted()))")
        }
        members.sort { $0.index < $1.index }
        for (a, b) in zip(members, members.dropFirst()) where a.index == b.index {
            throw .mergeRefused(reason: "shard \(a.index)/\(n) is given twice ('\(a.path)' and '\(b.path)')")
        }
        let missing = Set(0..<n).subtracting(members.map(\.index)).sorted()
        guard missing.isEmpty else {
            let list = missing.map { "\($0)/\(n)" }.joined(separator: ", ")
            throw .mergeRefused(reason: "shard \(list) missing; run `spikestream preprocess --shard K/\(n)` with the "
                                + "same options for each, then merge all \(n)")
        }
        let shared = members[0].reader.attributes.filter { !Self.perShardAttributes.contains($0.key) }
        var events: Set<Bool> = []
        for member in members {
            let reader = member.reader
            guard reader.dtype == members[0].reader.dtype, reader.geometry == members[0].reader.geometry else {
                throw .mergeRefused(reason: "'\(member.path)' holds \(reader.dtype) frames \(reader.geometry), "
                                    + "'\(members[0].path)' \(members[0].reader.dtype) \(members[0].reader.geometry)")
            }
            let attributes = reader.attributes.filter { !Self.perShardAttributes.contains($0.key) }
            if let name = Set(attributes.keys).union(shared.keys).sorted().first(where: { attributes[$0] != shared[$0] }) {
                throw .mergeRefused(reason: "attribute '\(name)' differs between '\(members[0].path)' and '\(member.path)'")
            }
            events.insert(try HDF5Library.locked { () throws(CacheError) in
                try Self.hasEventsGroup(member.path)
            })
        }
        guard events.count == 1 else {
            throw .mergeRefused(reason: "some shards have an /events group and others do not")
        }
        self.members = members
        self.fullKey = fullKey
        sharedAttributes = shared
        hasEvents = events.first!
    }

    private static func hasEventsGroup(_ path: String) throws(CacheError) -> Bool {
        let file = try HDF5Handle(H5Fopen(path, ss_H5F_ACC_RDONLY(), ss_H5P_DEFAULT()), closer: H5Fclose, path: path,
                                  operation: "open the shard")
        return H5Lexists(file.id, CacheLayout.events, ss_H5P_DEFAULT()) > 0
    }
}
