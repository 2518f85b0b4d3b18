import CHDF5
import Foundation

/// How `CacheMerger` stores the merged `/frames` (and `/events` datasets).
public enum CacheMergeMode: String, Sendable, CaseIterable, CustomStringConvertible {
    /// HDF5 virtual datasets that read the shard files, named relative to the merged file: fast and small,
    /// but the shard files must stay beside the merged cache (move the folder as a whole).
    case virtual
    /// One self-contained file: the shards' compressed chunks copied as they are.
    case copy

    public var description: String { rawValue }
}

/// What a merge wrote.
public struct CacheMergeReport: Sendable {
    public let output: String
    /// The `cache_key` of the merged cache: the key the unsharded cache would have.
    public let cacheKey: String
    public let mode: CacheMergeMode
    public let shards: Int
    public let samples: Int
    public let frameRows: Int
}

/// Joins the shard caches of `preprocess --shard k/n` into one cache with the public layout (docs/CACHE.md)
/// and the unsharded `cache_key`: sample metadata concatenated in shard order, `/frame_offsets` (and
/// `/events/offsets`) shifted, attributes carried over, `complete` set last, written to `OUT.partial` and
/// renamed.
public enum CacheMerger {
    /// - Parameter progress: called with the number of samples whose frames are in place, after each shard.
    public static func merge(shards paths: [String], into output: String, mode: CacheMergeMode, createdBy: String,
                             overwrite: Bool = false,
                             progress: ((_ samplesDone: Int, _ total: Int) -> Void)? = nil) throws(CacheError) -> CacheMergeReport {
        let set = try ShardSet(paths: paths)
        let inputs = Set(paths.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
        guard !inputs.contains(URL(fileURLWithPath: output).standardizedFileURL.path) else {
            throw .mergeRefused(reason: "the output '\(output)' is one of the shards; choose another output path")
        }
        guard overwrite || !FileManager.default.fileExists(atPath: output) else {
            throw .mergeRefused(reason: "'\(output)' exists; choose another output or pass --overwrite to replace it")
        }
        let first = set.first
        let config = CacheWriterConfiguration(
            path: output, cacheKey: set.fullKey, dataset: set.sharedAttributes[CacheLayout.Attribute.dataset] ?? "",
            transformJSON: set.sharedAttributes[CacheLayout.Attribute.transform] ?? "", createdBy: createdBy,
            extraAttributes: set.sharedAttributes.filter { !CacheLayout.Attribute.reserved.contains($0.key) },
            dtype: first.dtype, geometry: first.geometry, framesPerChunk: 1)
        let partial = config.partialPath
        let lock = try CacheWriteLock(partialPath: partial)
        defer { lock.release() }
        if FileManager.default.fileExists(atPath: partial), unlink(partial) != 0 {
            throw .io(path: partial, operation: "delete the stale partial merge", reason: String(cString: strerror(errno)))
        }
        let sampleCounts = set.members.map(\.reader.count)
        let frames = RowConcatenation(name: CacheLayout.frames,
                                      sources: set.members.map { .init(path: $0.path, rows: $0.frameRows) }) { shard in
            progress?(sampleCounts[...shard].reduce(0, +), sampleCounts.reduce(0, +))
        }
        try HDF5Library.locked { () throws(CacheError) in
            let cache = try WritableCacheFile.create(config) { (file, path) throws(CacheError) in
                try create(frames, mode: mode, in: file, path: path, output: output)
            }
            try writeMetadata(of: set, to: cache)
            // Each shard lists the samples it left out; the merged cache lists them all, in shard order.
            try cache.writeSkipped(set.members.flatMap(\.reader.skippedSamples))
            if set.hasEvents { try mergeEvents(of: set, mode: mode, into: cache, output: output) }
            try cache.attributes.write(CacheLayout.Attribute.complete, uint8: 1)
            try cache.flush()
        }
        try Durability.publish(partial: partial, as: output)
        return CacheMergeReport(output: output, cacheKey: set.fullKey, mode: mode, shards: set.members.count,
                                samples: set.members.reduce(0) { $0 + $1.reader.count }, frameRows: frames.totalRows)
    }

    private static func create(_ rows: RowConcatenation, mode: CacheMergeMode, in file: hid_t, path: String,
                               output: String) throws(CacheError) -> HDF5Dataset {
        switch mode {
        case .virtual: try rows.createVirtual(in: file, filePath: path, finalPath: output)
        case .copy: try rows.createCopy(in: file, filePath: path)
        }
    }

    private static func writeMetadata(of set: ShardSet, to cache: WritableCacheFile) throws(CacheError) {
        let readers = set.members.map(\.reader)
        let labels = readers.flatMap(\.labels)
        let splits = readers.flatMap { $0.splits.map(\.rawValue) }
        let offsets = shiftedOffsets(readers.map(\.frameOffsets))
        let n = labels.count
        try cache.labels.setExtent([n])
        try cache.labels.write(rows: 0, count: n, memType: ss_H5T_NATIVE_INT32(), buffer: labels)
        try cache.splits.setExtent([n])
        try cache.splits.write(rows: 0, count: n, memType: ss_H5T_NATIVE_UINT8(), buffer: splits)
        try cache.sampleIDs.setExtent([n])
        try cache.sampleIDs.writeStrings(rows: 0, readers.flatMap(\.sampleIDs))
        try cache.frameOffsets.setExtent([n + 1])
        try cache.frameOffsets.write(rows: 0, count: n + 1, memType: ss_H5T_NATIVE_INT64(), buffer: offsets)
    }

    /// `/events`: every 1-D dataset concatenated like `/frames`, and `offsets` shifted.
    private static func mergeEvents(of set: ShardSet, mode: CacheMergeMode, into cache: WritableCacheFile,
                                    output: String) throws(CacheError) {
        let path = cache.path
        let group = try HDF5Handle(H5Gcreate2(cache.file.id, CacheLayout.events, ss_H5P_DEFAULT(), ss_H5P_DEFAULT(),
                                              ss_H5P_DEFAULT()),
                                   closer: H5Gclose, path: path, operation: "create the /events group")
        // The group's sensor attributes (one full key means one sensor for every shard).
        if let sensor = set.first.eventSensor {
            let attributes = HDF5Attributes(object: group.id, path: path)
            try attributes.write(CacheLayout.Events.sensorWidth, int64: Int64(sensor.width))
            try attributes.write(CacheLayout.Events.sensorHeight, int64: Int64(sensor.height))
            try attributes.write(CacheLayout.Events.sensorPolarities, int64: Int64(sensor.polarities))
        }
        for name in try datasetNames(inEventsOf: set.members[0].path) where name != CacheLayout.eventOffsets {
            let full = CacheLayout.events + "/" + name
            let rows = RowConcatenation(name: full, sources: try set.members.map { (member) throws(CacheError) in
                .init(path: member.path, rows: try HDF5Dataset(readOnly: full, inFile: member.path).extent()[0])
            })
            _ = try create(rows, mode: mode, in: cache.file.id, path: path, output: output)
        }
        let offsetsName = CacheLayout.events + "/" + CacheLayout.eventOffsets
        let shardOffsets = try set.members.map { (member) throws(CacheError) in
            try HDF5Dataset(readOnly: offsetsName, inFile: member.path).readAll(Int64(0), memType: ss_H5T_NATIVE_INT64())
        }
        let like = try HDF5Dataset(readOnly: offsetsName, inFile: set.members[0].path)
        let merged = shiftedOffsets(shardOffsets)
        let (dcpl, type) = (try like.creationProperties(), try like.fileType())
        let offsets = try HDF5Dataset(createIn: cache.file.id, name: offsetsName, path: path, fileType: type.id,
                                      dims: [merged.count], unlimited: true, dcpl: dcpl.id)
        try offsets.write(rows: 0, count: merged.count, memType: ss_H5T_NATIVE_INT64(), buffer: merged)
    }

    /// Per-shard `[N_k + 1]` offsets joined into one `[ΣN_k + 1]` list, each shard shifted past the ones before.
    static func shiftedOffsets(_ shards: [[Int64]]) -> [Int64] {
        var merged: [Int64] = [0]
        for offsets in shards {
            let base = merged.last!
            merged += offsets.dropFirst().map { $0 + base }
        }
        return merged
    }

    /// The names of the links in `/events` of `path`.
    private static func datasetNames(inEventsOf path: String) throws(CacheError) -> [String] {
        let file = try HDF5Handle(H5Fopen(path, ss_H5F_ACC_RDONLY(), ss_H5P_DEFAULT()), closer: H5Fclose, path: path,
                                  operation: "open the shard")
        let group = try HDF5Handle(H5Gopen2(file.id, CacheLayout.events, ss_H5P_DEFAULT()), closer: H5Gclose, path: path,
                                   operation: "open /events")
        var info = H5G_info_t()
        try h5check(H5Gget_info(group.id, &info), path: path, "list /events")
        return try (0..<info.nlinks).map { (index) throws(CacheError) in
            let length = H5Lget_name_by_idx(group.id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, ss_H5P_DEFAULT())
            guard length >= 0 else { throw .hdf5(path: path, operation: "name link \(index) of /events", detail: HDF5Library.errorDetail()) }
            var name = [CChar](repeating: 0, count: Int(length) + 1)
            _ = H5Lget_name_by_idx(group.id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &name, name.count, ss_H5P_DEFAULT())
            return String(decoding: name.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }
}
