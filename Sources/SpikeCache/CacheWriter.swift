import CHDF5
import Foundation
import SpikeEvents

/// Writes a cache (docs/CACHE.md). An actor on its own serial executor (a dedicated thread): every HDF5 call
/// of the writer runs there, one at a time, while callers compress samples in parallel (`encode`).
///
/// Crash safety: data goes to `NAME.h5.partial`, and the file is open only inside a commit. Appended samples
/// (already compressed) wait in memory until the next commit — every `commitEverySamples` samples,
/// `commitBytes` bytes or `commitInterval` — which opens the file, writes their frame chunks, `/events` chunks
/// (compressed before the file opens, `EventChunkBuilder`), labels, splits and ids, then `/frame_offsets` (the
/// commit record), and closes it. A process killed between commits
/// (nearly always) leaves a closed, consistent file; libhdf5 1.10 refuses to reopen a file that was open for
/// writing when the process died, and such a partial file is discarded and rebuilt (`openStatus` says so).
/// `finish()` sets `complete` last, fsyncs and renames to `NAME.h5`, so an existing `NAME.h5` stays intact
/// until the new one replaces it.
public actor CacheWriter {
    public nonisolated let configuration: CacheWriterConfiguration
    /// What the writer found when it opened: a new cache, a resumed one, or a discarded partial file.
    public private(set) var openStatus: CacheOpenStatus = .created
    /// Samples durably recorded in the partial file. After a resume, the caller skips this many samples of
    /// its ordered list.
    public private(set) var committedCount = 0
    /// The id of the last committed sample: a resumed run continues after it in its ordered sample list
    /// (robust even when earlier samples were skipped rather than written).
    public private(set) var lastCommittedID: String?

    private let executor: SerialHDF5Executor
    /// Held from `open` until `finish` (or deinit): no second writer of this cache meanwhile.
    private let writeLock: CacheWriteLock
    private var isOpen = true
    private var nextFrameRow = 0
    /// The `/events` rows durably written and the next commit's chunks (when the cache stores events).
    private var eventChunks: EventChunkBuilder?
    private var pending = PendingSamples()
    /// Every sample left out so far (this run's and, after a resume, the earlier runs'), and whether the next
    /// commit must store the list.
    private var skipped: [SkippedSample] = []
    private var skippedChanged = false
    private var lastCommit = ContinuousClock.now

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// Samples appended so far, committed or not.
    public var appendedCount: Int { committedCount + pending.count }

    /// Opens `configuration.partialPath`: resumes it when its cache key matches, otherwise (or when it cannot
    /// be read) deletes it and starts over; `openStatus` says which.
    public static func open(_ configuration: CacheWriterConfiguration) async throws(CacheError) -> CacheWriter {
        try configuration.validate()
        let writer = CacheWriter(configuration, lock: try CacheWriteLock(partialPath: configuration.partialPath))
        try await writer.start()
        return writer
    }

    private init(_ configuration: CacheWriterConfiguration, lock: CacheWriteLock) {
        self.configuration = configuration
        writeLock = lock
        executor = SerialHDF5Executor(name: "spikestream.cache-writer")
    }

    deinit {
        executor.shutdown()
    }

    /// Compresses `frames` for this writer (call from worker tasks, in parallel, before `append`). `events` are
    /// required when the configuration stores events (`eventSensor`) and refused otherwise.
    public nonisolated func encode(id: String, label: Int, split: Split, frames: FrameTensor,
                                   events: EventChunk? = nil) throws(CacheError) -> EncodedSample {
        try EncodedSample(id: id, label: label, split: split, frames: frames,
                          framesPerChunk: configuration.framesPerChunk, level: configuration.compressionLevel,
                          events: events)
    }

    /// Appends the next sample; it is written with the next commit.
    public func append(_ sample: EncodedSample) throws(CacheError) {
        guard isOpen else { throw .writerClosed(path: configuration.path) }
        try checkCompatible(sample)
        nextFrameRow += sample.shape.timeSteps
        pending.append(sample, endRow: Int64(nextFrameRow))
        if pending.count >= configuration.commitEverySamples || pending.byteCount >= configuration.commitBytes
            || ContinuousClock.now - lastCommit >= configuration.commitInterval {
            try commit()
        }
    }

    /// Appends samples in order (one call per batch of work, so callers hop onto the writer's thread once).
    public func append(contentsOf samples: [EncodedSample]) throws(CacheError) {
        for sample in samples { try append(sample) }
    }

    /// Records samples left out (`preprocess --on-error skip`); the next commit stores them in the cache's
    /// `skipped_samples` attribute, beside the samples appended before them.
    public func recordSkipped(_ samples: [SkippedSample]) throws(CacheError) {
        guard isOpen else { throw .writerClosed(path: configuration.path) }
        guard !samples.isEmpty else { return }
        skipped = SkippedSample.merged(skipped, with: samples)
        skippedChanged = true
    }

    /// The samples left out so far, as the cache will list them.
    public var skippedSamples: [SkippedSample] { skipped }

    /// Writes and flushes the samples appended so far (and the list of skipped samples, when it grew).
    public func commit() throws(CacheError) {
        guard !pending.isEmpty || skippedChanged else { return }
        let firstEventRow = eventChunks?.rows ?? 0
        // Compressed before the file opens, so that it is open only to store bytes.
        let events = pending.isEmpty ? nil : try eventChunks?.chunks(appending: pending.concatenatedEvents())
        try withOpenFile { (cache) throws(CacheError) in
            if skippedChanged { try HDF5Library.locked { () throws(CacheError) in try cache.writeSkipped(skipped) } }
            guard !pending.isEmpty else { return try HDF5Library.locked { () throws(CacheError) in try cache.flush() } }
            try write(pending, events: events.map { ($0, firstEventRow) }, to: cache)
        }
        skippedChanged = false
        committedCount += pending.count
        lastCommittedID = pending.ids.last ?? lastCommittedID
        pending = PendingSamples()
        lastCommit = ContinuousClock.now
    }

    /// Commits, sets `complete = 1`, fsyncs and renames to the final path, which it returns.
    @discardableResult
    public func finish() throws(CacheError) -> String {
        try commit()
        try withOpenFile { (cache) throws(CacheError) in
            try HDF5Library.locked { () throws(CacheError) in
                try cache.attributes.write(CacheLayout.Attribute.complete, uint8: 1)
                try cache.flush()
            }
        }
        isOpen = false
        try Durability.publish(partial: configuration.partialPath, as: configuration.path)
        writeLock.release()
        return configuration.path
    }

    /// Writes only the frames of `sample` and no metadata, as a crash inside a commit would leave them (tests).
    func writeTornFrames(_ sample: EncodedSample) throws(CacheError) {
        try checkCompatible(sample)
        var torn = PendingSamples()
        torn.append(sample, endRow: Int64(nextFrameRow + sample.shape.timeSteps))
        try withOpenFile { (cache) throws(CacheError) in
            try HDF5Library.locked { () throws(CacheError) in try writeFrames(of: torn, startRow: nextFrameRow, to: cache) }
        }
    }

    private func start() throws(CacheError) {
        let partial = configuration.partialPath
        if FileManager.default.fileExists(atPath: partial) {
            do {
                try HDF5Library.locked { () throws(CacheError) in
                    let (cache, committed) = try WritableCacheFile.openPartial(configuration)
                    committedCount = committed
                    nextFrameRow = try cache.frames.extent()[0]
                    lastCommittedID = try cache.sampleIDs.readAllStrings().last
                    skipped = try cache.readSkipped()
                    eventChunks = try cache.events.map { (events) throws(CacheError) in
                        let rows = try events.rowCount(path: partial)
                        return EventChunkBuilder(rows: rows, tail: try events.read(EventChunkBuilder.tailStart(rows: rows)..<rows),
                                                 level: configuration.compressionLevel)
                    }
                }
                openStatus = .resumed(committedCount: committedCount)
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
        try HDF5Library.locked { () throws(CacheError) in _ = try WritableCacheFile.create(configuration) }
        if configuration.eventSensor != nil {
            eventChunks = EventChunkBuilder(rows: 0, tail: EventChunk(), level: configuration.compressionLevel)
        }
    }

    /// Opens the partial file, runs `body`, and closes the file again (also when `body` throws, after which the
    /// writer refuses further work: the file state is unknown, and a later run resumes from the last commit).
    private func withOpenFile(_ body: (WritableCacheFile) throws(CacheError) -> Void) throws(CacheError) {
        guard isOpen else { throw .writerClosed(path: configuration.path) }
        do {
            let cache = try HDF5Library.locked { () throws(CacheError) in try WritableCacheFile.reopen(configuration) }
            try body(cache)
        } catch {
            isOpen = false
            throw error
        }
    }

    /// Writes `samples` and, with `/events`, their prepared chunks (`events.chunks`, the first of their events at row
    /// `events.firstRow`); `/frame_offsets` last.
    private func write(_ samples: PendingSamples, events: (chunks: [EventColumnChunk], firstRow: Int)?,
                       to cache: WritableCacheFile) throws(CacheError) {
        let start = committedCount
        let count = samples.count
        try HDF5Library.locked { () throws(CacheError) in
            try writeFrames(of: samples, startRow: Int(samples.endRows[0]) - samples.samples[0].shape.timeSteps, to: cache)
            try cache.labels.setExtent([start + count])
            try cache.labels.write(rows: start, count: count, memType: ss_H5T_NATIVE_INT32(), buffer: samples.labels)
            try cache.splits.setExtent([start + count])
            try cache.splits.write(rows: start, count: count, memType: ss_H5T_NATIVE_UINT8(), buffer: samples.splits)
            try cache.sampleIDs.setExtent([start + count])
            try cache.sampleIDs.writeStrings(rows: start, samples.ids)
            if let datasets = cache.events, let events {
                try datasets.append(events.chunks, rows: events.firstRow + samples.eventCount,
                                    endRows: samples.eventEndRows(after: events.firstRow), firstSample: start)
            }
            // Last: the commit record.
            try cache.frameOffsets.setExtent([start + count + 1])
            try cache.frameOffsets.write(rows: start + 1, count: count, memType: ss_H5T_NATIVE_INT64(),
                                         buffer: samples.endRows)
            try cache.flush()
        }
    }

    /// Extends `/frames` and writes the compressed chunks of `samples` directly (no filter pass).
    private func writeFrames(of samples: PendingSamples, startRow: Int, to cache: WritableCacheFile) throws(CacheError) {
        let g = configuration.geometry
        try cache.frames.setExtent([Int(samples.endRows.last!), g.channels, g.height, g.width])
        var row = startRow
        for sample in samples.samples {
            for (index, chunk) in sample.chunks.enumerated() {
                let offset: [hsize_t] = [hsize_t(row + index * sample.framesPerChunk), 0, 0, 0]
                let status = chunk.withUnsafeBytes { H5Dwrite_chunk(cache.frames.id, ss_H5P_DEFAULT(), 0, offset, $0.count, $0.baseAddress) }
                try h5check(status, path: cache.path, "write chunk \(index) of sample '\(sample.id)'")
            }
            row += sample.shape.timeSteps
        }
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
        switch (configuration.eventSensor, sample.events) {
        case (.some(let sensor), nil):
            throw .invalidSample(id: sample.id, reason: "the cache stores events on \(sensor); pass the sample's events to encode")
        case (nil, .some):
            throw .invalidSample(id: sample.id, reason: "it carries events but the cache stores none (set eventSensor)")
        default: break
        }
    }
}

/// Appended samples (compressed chunks and metadata) waiting for the next commit.
private struct PendingSamples {
    var samples: [EncodedSample] = []
    var labels: [Int32] = []
    var splits: [UInt8] = []
    var ids: [String] = []
    var endRows: [Int64] = []
    var byteCount = 0
    var eventCount = 0

    var count: Int { samples.count }
    var isEmpty: Bool { samples.isEmpty }

    /// Every sample's events, in order (an empty chunk when the samples carry none).
    func concatenatedEvents() -> EventChunk {
        var all = EventChunk(capacity: eventCount)
        for sample in samples { if let events = sample.events { all.append(contentsOf: events) } }
        return all
    }

    /// The `/events` row after each sample's events, counting from `start`.
    func eventEndRows(after start: Int) -> [Int64] {
        var row = Int64(start)
        return samples.map { row += Int64($0.events?.count ?? 0); return row }
    }

    mutating func append(_ sample: EncodedSample, endRow: Int64) {
        samples.append(sample)
        labels.append(sample.label)
        splits.append(sample.split.rawValue)
        ids.append(sample.id)
        endRows.append(endRow)
        let events = sample.events?.count ?? 0
        eventCount += events
        byteCount += sample.compressedByteCount + events * eventByteWidth
    }
}

/// Bytes of one uncompressed event (t, x, y, p).
private let eventByteWidth = 13
