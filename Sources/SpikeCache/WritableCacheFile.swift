import CHDF5
import Foundation
import SpikeEvents

/// The open HDF5 objects of a cache being written: creation of a new file and validation/trimming of a
/// partial one. Every method assumes the caller holds the HDF5 lock (the writer's executor does).
struct WritableCacheFile: Sendable {
    let path: String
    let file: HDF5Handle
    let frames: HDF5Dataset
    let frameOffsets: HDF5Dataset
    let labels: HDF5Dataset
    let splits: HDF5Dataset
    let sampleIDs: HDF5Dataset
    /// `/events`, when the configuration stores events.
    let events: CacheEventDatasets?

    var attributes: HDF5Attributes { HDF5Attributes(object: file.id, path: path) }

    /// Creates (truncating) a cache with empty datasets and `complete = 0`.
    static func create(_ config: CacheWriterConfiguration) throws(CacheError) -> WritableCacheFile {
        let g = config.geometry
        return try create(config) { (file, path) throws(CacheError) in
            try HDF5Dataset(
                createIn: file, name: CacheLayout.frames, path: path, fileType: HDF5Types.fileType(config.dtype),
                dims: [0, g.channels, g.height, g.width], chunk: [config.framesPerChunk, g.channels, g.height, g.width],
                zstdLevel: config.compressionLevel)
        }
    }

    /// Creates (truncating) `config.partialPath` with `/frames` from `makeFrames` (given the file and its path),
    /// empty metadata datasets and `complete = 0`.
    static func create(_ config: CacheWriterConfiguration,
                       frames makeFrames: (hid_t, String) throws(CacheError) -> HDF5Dataset) throws(CacheError) -> WritableCacheFile {
        let path = config.partialPath
        let fapl = try HDF5Handle(H5Pcreate(ss_H5P_FILE_ACCESS()), closer: H5Pclose, path: path,
                                  operation: "create a file access property list")
        // The 1.10 format indexes chunks of a dataset with one unlimited dimension by an extensible array:
        // O(1) chunk lookups for the reader's direct chunk reads. Any HDF5 ≥ 1.10 (h5py included) reads it.
        try h5check(H5Pset_libver_bounds(fapl.id, H5F_LIBVER_V110, H5F_LIBVER_V110), path: path, "select the 1.10 format")
        let file = try HDF5Handle(H5Fcreate(path, ss_H5F_ACC_TRUNC(), ss_H5P_DEFAULT(), fapl.id), closer: H5Fclose,
                                  path: path, operation: "create the file")
        let frames = try makeFrames(file.id, path)
        let offsets = try HDF5Dataset(createIn: file.id, name: CacheLayout.frameOffsets, path: path,
                                      fileType: ss_H5T_STD_I64LE(), dims: [1], chunk: [4096], fillInt64: -1)
        var zero: Int64 = 0
        try offsets.write(rows: 0, count: 1, memType: ss_H5T_NATIVE_INT64(), buffer: &zero)
        let ids = try HDF5Handle(HDF5Types.utf8String(), closer: H5Tclose, path: path, operation: "create a string type")
        let cache = WritableCacheFile(
            path: path, file: file, frames: frames, frameOffsets: offsets,
            labels: try HDF5Dataset(createIn: file.id, name: CacheLayout.labels, path: path,
                                    fileType: ss_H5T_STD_I32LE(), dims: [0], chunk: [4096]),
            splits: try HDF5Dataset(createIn: file.id, name: CacheLayout.splits, path: path,
                                    fileType: ss_H5T_STD_U8LE(), dims: [0], chunk: [4096]),
            sampleIDs: try HDF5Dataset(createIn: file.id, name: CacheLayout.sampleIDs, path: path,
                                       fileType: ids.id, dims: [0], chunk: [1024]),
            events: try config.eventSensor.map { (sensor) throws(CacheError) in
                try CacheEventDatasets.create(in: file.id, path: path, sensor: sensor, level: config.compressionLevel)
            })
        try cache.writeAttributes(config)
        try cache.writeSkipped([])
        try cache.flush()
        return cache
    }

    /// Opens a partial cache for appending. Throws `keyMismatch` when it was built with other settings and
    /// `malformed`/`hdf5` when it cannot be used; the writer then deletes it and starts over.
    static func openPartial(_ config: CacheWriterConfiguration) throws(CacheError) -> (WritableCacheFile, committed: Int) {
        let path = config.partialPath
        let file = try HDF5Handle(H5Fopen(path, ss_H5F_ACC_RDWR(), ss_H5P_DEFAULT()), closer: H5Fclose, path: path,
                                  operation: "open the partial cache")
        let attributes = HDF5Attributes(object: file.id, path: path)
        let format = attributes.exists(CacheLayout.Attribute.format) ? try attributes.readText(CacheLayout.Attribute.format) : ""
        guard format == CacheLayout.formatName else { throw .wrongFormat(path: path, found: format) }
        let key = try attributes.readText(CacheLayout.Attribute.cacheKey)
        guard key == config.cacheKey else { throw .keyMismatch(path: path, expected: config.cacheKey, found: key) }
        let cache = WritableCacheFile(
            path: path, file: file,
            frames: try HDF5Dataset(openIn: file.id, name: CacheLayout.frames, path: path),
            frameOffsets: try HDF5Dataset(openIn: file.id, name: CacheLayout.frameOffsets, path: path),
            labels: try HDF5Dataset(openIn: file.id, name: CacheLayout.labels, path: path),
            splits: try HDF5Dataset(openIn: file.id, name: CacheLayout.splits, path: path),
            sampleIDs: try HDF5Dataset(openIn: file.id, name: CacheLayout.sampleIDs, path: path),
            events: try openEvents(file, config))
        try cache.checkFrames(config)
        let committed = try cache.trimToCommitted(framesPerChunk: config.framesPerChunk)
        _ = try cache.events?.trim(toCommitted: committed, path: path)
        try cache.writeAttributes(config)
        try cache.flush()
        return (cache, committed)
    }

    /// Opens the writer's own partial file again for the next commit (it was validated when the writer started).
    static func reopen(_ config: CacheWriterConfiguration) throws(CacheError) -> WritableCacheFile {
        let path = config.partialPath
        let file = try HDF5Handle(H5Fopen(path, ss_H5F_ACC_RDWR(), ss_H5P_DEFAULT()), closer: H5Fclose, path: path,
                                  operation: "reopen the partial cache")
        return try WritableCacheFile(
            path: path, file: file,
            frames: HDF5Dataset(openIn: file.id, name: CacheLayout.frames, path: path),
            frameOffsets: HDF5Dataset(openIn: file.id, name: CacheLayout.frameOffsets, path: path),
            labels: HDF5Dataset(openIn: file.id, name: CacheLayout.labels, path: path),
            splits: HDF5Dataset(openIn: file.id, name: CacheLayout.splits, path: path),
            sampleIDs: HDF5Dataset(openIn: file.id, name: CacheLayout.sampleIDs, path: path),
            events: openEvents(file, config))
    }

    /// `/events` when the configuration stores events; a file that disagrees with it is malformed.
    private static func openEvents(_ file: HDF5Handle, _ config: CacheWriterConfiguration) throws(CacheError) -> CacheEventDatasets? {
        let path = config.partialPath
        guard config.eventSensor != nil else {
            if CacheEventDatasets.exists(in: file.id) { throw .malformed(path: path, reason: "it stores /events, this run does not") }
            return nil
        }
        let events = try CacheEventDatasets.open(in: file.id, path: path)
        guard try events.sensor(path: path) == config.eventSensor else {
            throw .malformed(path: path, reason: "its /events are on another sensor than \(config.eventSensor!)")
        }
        return events
    }

    func writeAttributes(_ config: CacheWriterConfiguration) throws(CacheError) {
        let a = attributes
        try a.write(CacheLayout.Attribute.format, string: CacheLayout.formatName)
        try a.write(CacheLayout.Attribute.formatVersion, int64: Int64(CacheLayout.formatVersion))
        try a.write(CacheLayout.Attribute.dataset, string: config.dataset)
        try a.write(CacheLayout.Attribute.transform, string: config.transformJSON)
        try a.write(CacheLayout.Attribute.cacheKey, string: config.cacheKey)
        try a.write(CacheLayout.Attribute.createdBy, string: config.createdBy)
        for (name, value) in config.extraAttributes.sorted(by: { $0.key < $1.key }) { try a.write(name, string: value) }
        try a.write(CacheLayout.Attribute.complete, uint8: 0)
    }

    /// The samples left out so far (`SkippedSample`), replacing the list stored before.
    func writeSkipped(_ samples: [SkippedSample]) throws(CacheError) {
        try attributes.write(CacheLayout.Attribute.skippedSamples, string: SkippedSample.attributeText(samples))
    }

    /// The list `writeSkipped` stored (none in a file written before the attribute existed).
    func readSkipped() throws(CacheError) -> [SkippedSample] {
        let name = CacheLayout.Attribute.skippedSamples
        guard attributes.exists(name) else { return [] }
        return try SkippedSample.list(fromAttribute: try attributes.readText(name), path: path)
    }

    func flush() throws(CacheError) {
        try h5check(H5Fflush(file.id, H5F_SCOPE_LOCAL), path: path, "flush the file")
    }

    /// Checks that `/frames` has the dtype, geometry and chunking this configuration writes.
    private func checkFrames(_ config: CacheWriterConfiguration) throws(CacheError) {
        let type = try frames.fileType()
        let extent = try frames.extent()
        let g = config.geometry
        guard HDF5Types.frameDType(of: type.id) == config.dtype, extent.count == 4,
              Array(extent.dropFirst()) == [g.channels, g.height, g.width],
              try frames.chunkDims() == [config.framesPerChunk, g.channels, g.height, g.width] else {
            throw .malformed(path: path, reason: "/frames does not have dtype \(config.dtype), shape [*, \(g.channels), "
                             + "\(g.height), \(g.width)] and \(config.framesPerChunk)-step chunks")
        }
    }

    /// Shrinks every dataset to the committed samples and returns their count.
    private func trimToCommitted(framesPerChunk: Int) throws(CacheError) -> Int {
        let offsets = try frameOffsets.readAll(Int64(0), memType: ss_H5T_NATIVE_INT64())
        let frameExtent = try frames.extent()
        let committed = CommitRecord.committedCount(
            offsets: offsets, labels: try labels.extent()[0], splits: try splits.extent()[0],
            ids: try sampleIDs.extent()[0], frameRows: frameExtent[0], framesPerChunk: framesPerChunk)
        let rows = committed == 0 ? 0 : Int(offsets[committed])
        try frames.setExtent([rows] + frameExtent.dropFirst())
        try labels.setExtent([committed])
        try splits.setExtent([committed])
        try sampleIDs.setExtent([committed])
        try frameOffsets.setExtent([committed + 1])
        if committed == 0 {
            var zero: Int64 = 0
            try frameOffsets.write(rows: 0, count: 1, memType: ss_H5T_NATIVE_INT64(), buffer: &zero)
        }
        return committed
    }
}
