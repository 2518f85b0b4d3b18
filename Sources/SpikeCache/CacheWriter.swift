import CHDF5
import Foundation
import SpikeEvents

/// Writes a cache (DESIGN.md §3). An actor on its own serial executor (a dedicated thread): every HDF5 call
/// of the writer runs there, one at a time, while callers compress samples in parallel (`encode`).
///
/// Crash safety: data goes to `NAME.h5.partial`. Each commit writes the buffered labels, splits and ids, then
/// `/frame_offsets` (the commit record), then flushes. `finish()` sets `complete` last, closes, fsyncs and
/// renames to `NAME.h5`, so an existing `NAME.h5` stays intact until the new one replaces it. Reopening after
/// an interruption resumes from the last commit (`openStatus`, `committedCount`).
public actor CacheWriter {
    public nonisolated let configuration: CacheWriterConfiguration
    /// What the writer found when it opened: a new cache, a resumed one, or a discarded partial file.
    public private(set) var openStatus: CacheOpenStatus = .created
    /// Samples durably recorded in the partial file (flushed commits). After a resume, the caller skips this
    /// many samples of its ordered list.
    public private(set) var committedCount = 0
    /// The id of the last committed sample: a resumed run continues after it in its ordered sample list
    /// (robust even when earlier samples were skipped rather than written).
    public private(set) var lastCommittedID: String?

    private let executor: SerialHDF5Executor
    private var cache: WritableCacheFile?
    private var nextFrameRow = 0
    private var pending = PendingMetadata()
    private var lastCommit = ContinuousClock.now

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// Samples appended so far, committed or not.
    public var appendedCount: Int { committedCount + pending.count }

    /// Opens `configuration.partialPath`: resumes it when its cache key matches, otherwise (or when it cannot
    /// be read) deletes it and starts over; `openStatus` says which.
    public static func open(_ configuration: CacheWriterConfiguration) async throws(CacheError) -> CacheWriter {
        try configuration.validate()
        let writer = CacheWriter(configuration)
        try await writer.start()
        return writer
    }

    private init(_ configuration: CacheWriterConfiguration) {
        self.configuration = configuration
        executor = SerialHDF5Executor(name: "spikestream.cache-writer")
    }

    deinit {
        executor.shutdown()
    }

    /// Compresses `frames` for this writer (call from worker tasks, in parallel, before `append`).
    public nonisolated func encode(id: String, label: Int, split: Split, frames: FrameTensor) throws(CacheError) -> EncodedSample {
        try EncodedSample(id: id, label: label, split: split, frames: frames,
                          framesPerChunk: configuration.framesPerChunk, level: configuration.compressionLevel)
    }

    /// Appends the next sample: extends `/frames` and writes its compressed chunks directly; its metadata is
    /// committed with the next commit.
    public func append(_ sample: EncodedSample) throws(CacheError) {
        try checkCompatible(sample)
        try failing { () throws(CacheError) in
            try writeFrames(sample)
            if pending.count >= configuration.commitEverySamples || ContinuousClock.now - lastCommit >= configuration.commitInterval {
                try commitLocked()
            }
        }
    }

    /// Commits and flushes the samples appended so far.
    public func commit() throws(CacheError) {
        try failing { () throws(CacheError) in try commitLocked() }
    }

    /// Commits, sets `complete = 1`, flushes, closes, fsyncs and renames to the final path, which it returns.
    @discardableResult
    public func finish() throws(CacheError) -> String {
        try failing { () throws(CacheError) in
            guard let cache else { throw .writerClosed(path: configuration.path) }
            try commitLocked()
            try cache.attributes.write(CacheLayout.Attribute.complete, uint8: 1)
            try cache.flush()
        }
        cache = nil  // closes every HDF5 object of the file
        let partial = configuration.partialPath
        try Durability.fsync(path: partial, directory: false)
        guard rename(partial, configuration.path) == 0 else {
            throw .io(path: configuration.path, operation: "rename \(partial) to", reason: String(cString: strerror(errno)))
        }
        try Durability.fsync(path: (configuration.path as NSString).deletingLastPathComponent.nonEmpty ?? ".", directory: true)
        return configuration.path
    }

    /// Writes only the frames of `sample`, leaving its metadata uncommitted (tests use this to leave a torn
    /// sample behind, as a crash between commits would).
    func writeFrames(_ sample: EncodedSample) throws(CacheError) {
        guard let cache else { throw .writerClosed(path: configuration.path) }
        let g = configuration.geometry
        let start = nextFrameRow
        let end = start + sample.shape.timeSteps
        try HDF5Library.locked { () throws(CacheError) in
            try cache.frames.setExtent([end, g.channels, g.height, g.width])
            for (index, chunk) in sample.chunks.enumerated() {
                let offset: [hsize_t] = [hsize_t(start + index * sample.framesPerChunk), 0, 0, 0]
                let status = chunk.withUnsafeBytes { H5Dwrite_chunk(cache.frames.id, ss_H5P_DEFAULT(), 0, offset, $0.count, $0.baseAddress) }
                try h5check(status, path: cache.path, "write chunk \(index) of sample '\(sample.id)'")
            }
        }
        nextFrameRow = end
        pending.append(sample, endRow: Int64(end))
    }

    private func start() throws(CacheError) {
        let partial = configuration.partialPath
        if FileManager.default.fileExists(atPath: partial) {
            do {
                let (cache, committed) = try HDF5Library.locked { () throws(CacheError) in
                    try WritableCacheFile.openPartial(configuration)
                }
                self.cache = cache
                committedCount = committed
                nextFrameRow = try HDF5Library.locked { () throws(CacheError) in try cache.frames.extent()[0] }
                lastCommittedID = try HDF5Library.locked { () throws(CacheError) in try cache.sampleIDs.readAllStrings() }.last
                openStatus = .resumed(committedCount: committed)
                return
            } catch .keyMismatch(_, _, let found) {
                openStatus = .restartedAfterKeyMismatch(foundKey: found)
            } catch {
                openStatus = .restartedAfterUnusablePartial(reason: error.description)
            }
            guard unlink(partial) == 0 else {
                throw .io(path: partial, operation: "delete the unusable partial cache", reason: String(cString: strerror(errno)))
            }
        }
        cache = try HDF5Library.locked { () throws(CacheError) in try WritableCacheFile.create(configuration) }
    }

    private func commitLocked() throws(CacheError) {
        guard let cache else { throw .writerClosed(path: configuration.path) }
        let start = committedCount
        let count = pending.count
        try HDF5Library.locked { () throws(CacheError) in
            if count > 0 {
                try cache.labels.setExtent([start + count])
                try cache.labels.write(rows: start, count: count, memType: ss_H5T_NATIVE_INT32(), buffer: pending.labels)
                try cache.splits.setExtent([start + count])
                try cache.splits.write(rows: start, count: count, memType: ss_H5T_NATIVE_UINT8(), buffer: pending.splits)
                try cache.sampleIDs.setExtent([start + count])
                try cache.sampleIDs.writeStrings(rows: start, pending.ids)
                // Last: the commit record.
                try cache.frameOffsets.setExtent([start + count + 1])
                try cache.frameOffsets.write(rows: start + 1, count: count, memType: ss_H5T_NATIVE_INT64(),
                                             buffer: pending.endRows)
            }
            try cache.flush()
        }
        committedCount += count
        lastCommittedID = pending.ids.last ?? lastCommittedID
        pending = PendingMetadata()
        lastCommit = ContinuousClock.now
    }

    private func checkCompatible(_ sample: EncodedSample) throws(CacheError) {
        let k = configuration.framesPerChunk
        if sample.dtype != configuration.dtype || FrameGeometry(sample.shape) != configuration.geometry {
            throw .invalidSample(id: sample.id, reason: "its frames are \(sample.dtype) \(sample.shape), the cache holds "
                                 + "\(configuration.dtype) [T, \(configuration.geometry.channels), "
                                 + "\(configuration.geometry.height), \(configuration.geometry.width)]")
        }
        if sample.framesPerChunk != k || (k > 1 && sample.shape.timeSteps != k) {
            throw .invalidSample(id: sample.id, reason: "it has \(sample.shape.timeSteps) time steps in chunks of "
                                 + "\(sample.framesPerChunk), the cache expects chunks of \(k)"
                                 + (k > 1 ? " and exactly T = \(k)" : ""))
        }
    }

    /// Runs `body`; if it throws, the writer closes (its file state is unknown) and the partial file is left
    /// for a later resume.
    private func failing<R>(_ body: () throws(CacheError) -> R) throws(CacheError) -> R {
        guard cache != nil else { throw .writerClosed(path: configuration.path) }
        do {
            return try body()
        } catch {
            cache = nil
            throw error
        }
    }
}

/// Metadata of appended samples not yet committed.
private struct PendingMetadata {
    var labels: [Int32] = []
    var splits: [UInt8] = []
    var ids: [String] = []
    var endRows: [Int64] = []

    var count: Int { labels.count }

    mutating func append(_ sample: EncodedSample, endRow: Int64) {
        labels.append(sample.label)
        splits.append(sample.split.rawValue)
        ids.append(sample.id)
        endRows.append(endRow)
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
