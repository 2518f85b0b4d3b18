import CHDF5
import Foundation
import SpikeEvents

/// Reads a complete cache (ours, or one written by h5py with `hdf5plugin.Zstd()`), safe to share between
/// tasks. All metadata is loaded at open; `frames(at:)` holds the HDF5 lock only to fetch raw chunks and
/// decompresses them outside it, so several tasks read in parallel.
public final class CacheReader: Sendable {
    public let path: String
    /// Every root attribute as text (see `HDF5Attributes.readAll`).
    public let attributes: [String: String]
    public let cacheKey: String
    public let dtype: FrameDType
    public let geometry: FrameGeometry
    public let labels: [Int32]
    public let splits: [Split]
    public let sampleIDs: [String]
    /// `N + 1` row offsets: sample `i` is `/frames` rows `frameOffsets[i] ..< frameOffsets[i + 1]`.
    public let frameOffsets: [Int64]
    /// True when every chunk spans whole frames and is zstd-only (or unfiltered): `frames(at:)` then reads raw
    /// chunks and decompresses them itself. Otherwise (including a merged cache whose `/frames` is a virtual
    /// dataset over its shard files) it falls back to HDF5's filtered hyperslab read.
    public let usesDirectChunkReads: Bool
    /// The sensor of the stored events, or `nil` when the cache has no `/events` group.
    public let eventSensor: SensorSize?
    /// `N + 1` row offsets into `/events` (empty when the cache has no events).
    public let eventOffsets: [Int64]
    /// The samples `preprocess --on-error skip` left out (the `skipped_samples` attribute; none in older caches).
    public let skippedSamples: [SkippedSample]

    private let file: HDF5Handle
    private let frames: HDF5Dataset
    /// Time steps per `/frames` chunk.
    private let chunkRows: Int
    private let chunksAreZstd: Bool
    private let events: CacheEventDatasets?

    public var count: Int { labels.count }

    /// Opens `path`. `expectedKey`, when given, must equal the file's `cache_key`.
    public init(path: String, expectedKey: String? = nil) throws(CacheError) {
        guard FileManager.default.fileExists(atPath: path) else { throw .fileMissing(path: path) }
        self.path = path
        let (file, attributes) = try HDF5Library.locked { () throws(CacheError) in
            let id = H5Fopen(path, ss_H5F_ACC_RDONLY(), ss_H5P_DEFAULT())
            guard id >= 0 else {
                throw .malformed(path: path, reason: "libhdf5 cannot open it as HDF5 (\(HDF5Library.errorDetail()))")
            }
            let file = try HDF5Handle(id, closer: H5Fclose, path: path, operation: "open the cache")
            return (file, try HDF5Attributes(object: file.id, path: path).readAll())
        }
        self.attributes = attributes
        let format = attributes[CacheLayout.Attribute.format] ?? ""
        guard format == CacheLayout.formatName else { throw .wrongFormat(path: path, found: format) }
        let version = Int(attributes[CacheLayout.Attribute.formatVersion] ?? "") ?? -1
        guard version == CacheLayout.formatVersion else { throw .unsupportedFormatVersion(path: path, found: version) }
        cacheKey = attributes[CacheLayout.Attribute.cacheKey] ?? ""
        if let expectedKey, expectedKey != cacheKey { throw .keyMismatch(path: path, expected: expectedKey, found: cacheKey) }
        let complete = attributes[CacheLayout.Attribute.complete].map { $0 != "0" && $0.lowercased() != "false" } ?? false
        guard complete else { throw .incomplete(path: path) }
        skippedSamples = try SkippedSample.list(fromAttribute: attributes[CacheLayout.Attribute.skippedSamples], path: path)

        let opened = try HDF5Library.locked { () throws(CacheError) in try OpenedCache(file: file, path: path) }
        self.file = file
        frames = opened.frames
        dtype = opened.dtype
        geometry = opened.geometry
        chunkRows = opened.chunkRows
        usesDirectChunkReads = opened.direct
        chunksAreZstd = opened.zstd
        labels = opened.labels
        sampleIDs = opened.sampleIDs
        frameOffsets = opened.offsets
        events = opened.events?.datasets
        eventSensor = opened.events?.sensor
        eventOffsets = opened.events?.offsets ?? []
        var splits: [Split] = []
        splits.reserveCapacity(opened.splitCodes.count)
        for (i, code) in opened.splitCodes.enumerated() {
            guard let split = Split(rawValue: code) else {
                throw .malformed(path: path, reason: "/splits[\(i)] is \(code); codes are 0 train, 1 test, 2 validation")
            }
            splits.append(split)
        }
        self.splits = splits
        try checkConsistency(frameRows: opened.frameRows)
        if let events = opened.events { try checkEventOffsets(rows: events.rows) }
    }

    /// Whether the cache stores each sample's events (`preprocess --store-events`).
    public var hasEvents: Bool { events != nil }

    /// The stored events of sample `index` (after the pre-cache transforms), on `eventSensor`. Throws `noEvents`
    /// for a cache built without `--store-events`.
    public func events(at index: Int) throws(CacheError) -> EventChunk {
        guard let events else { throw .noEvents(path: path) }
        guard index >= 0, index < count else { throw .indexOutOfRange(path: path, index: index, count: count) }
        let rows = Int(eventOffsets[index])..<Int(eventOffsets[index + 1])
        return try HDF5Library.locked { () throws(CacheError) in try events.read(rows) }
    }

    /// The frames `[T, C, H, W]` of sample `index`.
    public func frames(at index: Int) throws(CacheError) -> FrameTensor {
        guard index >= 0, index < count else { throw .indexOutOfRange(path: path, index: index, count: count) }
        let start = Int(frameOffsets[index])
        let timeSteps = Int(frameOffsets[index + 1]) - start
        let shape = geometry.shape(timeSteps: timeSteps)
        let storage = try FrameStorage.filled(dtype, count: shape.elementCount) { (bytes) throws(CacheError) in
            guard timeSteps > 0 else { return }
            if usesDirectChunkReads {
                try readDirect(rows: start..<start + timeSteps, into: bytes)
            } else {
                try readHyperslab(rows: start..<start + timeSteps, into: bytes)
            }
        }
        return FrameTensor(shape: shape, storage: storage)
    }

    /// Fetches the raw chunks covering `rows` under the lock, then decompresses them without it.
    private func readDirect(rows: Range<Int>, into output: UnsafeMutableRawBufferPointer) throws(CacheError) {
        let frameBytes = geometry.elementCount * dtype.byteWidth
        let chunkBytes = chunkRows * frameBytes
        let chunkIndices = rows.lowerBound / chunkRows...(rows.upperBound - 1) / chunkRows
        let raw = try HDF5Library.locked { () throws(CacheError) in
            try chunkIndices.map { (chunk) throws(CacheError) in try readRawChunk(row: chunk * chunkRows) }
        }
        var scratch: [UInt8] = []
        for (chunk, (bytes, filtered)) in zip(chunkIndices, raw) {
            let chunkStart = chunk * chunkRows
            let covered = max(chunkStart, rows.lowerBound)..<min(chunkStart + chunkRows, rows.upperBound)
            let target = UnsafeMutableRawBufferPointer(
                rebasing: output[(covered.lowerBound - rows.lowerBound) * frameBytes..<(covered.upperBound - rows.lowerBound) * frameBytes])
            let whole = covered.count == chunkRows
            try bytes.withBytes { (source) throws(CacheError) in
                switch (filtered, whole) {
                case (true, true):
                    try Zstd.decompress(source, into: target)
                case (true, false):
                    if scratch.count != chunkBytes { scratch = [UInt8](repeating: 0, count: chunkBytes) }
                    try scratch.withMutableBytes { (full) throws(CacheError) in try Zstd.decompress(source, into: full) }
                    scratch.withUnsafeBytes { full in
                        target.copyMemory(from: UnsafeRawBufferPointer(rebasing: full[(covered.lowerBound - chunkStart) * frameBytes..<(covered.upperBound - chunkStart) * frameBytes]))
                    }
                case (false, _):
                    guard source.count == chunkBytes else {
                        throw .malformed(path: path, reason: "unfiltered chunk at row \(chunkStart) has \(source.count) bytes, expected \(chunkBytes)")
                    }
                    target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[(covered.lowerBound - chunkStart) * frameBytes..<(covered.upperBound - chunkStart) * frameBytes]))
                }
            }
        }
    }

    /// The stored bytes of the chunk starting at `row` and whether they are zstd-compressed (an unallocated
    /// chunk is the zero fill, returned uncompressed). Caller holds the HDF5 lock.
    private func readRawChunk(row: Int) throws(CacheError) -> ([UInt8], zstd: Bool) {
        let offset: [hsize_t] = [hsize_t(row), 0, 0, 0]
        var size: hsize_t = 0
        try h5check(H5Dget_chunk_storage_size(frames.id, offset, &size), path: path, "find the chunk at row \(row)")
        if size == 0 {
            return ([UInt8](repeating: 0, count: chunkRows * geometry.elementCount * dtype.byteWidth), false)
        }
        var mask: UInt32 = 0
        var bytes = [UInt8](repeating: 0, count: Int(size))
        try h5check(H5Dread_chunk(frames.id, ss_H5P_DEFAULT(), offset, &mask, &bytes), path: path, "read the chunk at row \(row)")
        return (bytes, chunksAreZstd && mask & 1 == 0)
    }

    private func readHyperslab(rows: Range<Int>, into output: UnsafeMutableRawBufferPointer) throws(CacheError) {
        let g = geometry
        let count: [hsize_t] = [hsize_t(rows.count), hsize_t(g.channels), hsize_t(g.height), hsize_t(g.width)]
        try HDF5Library.locked { () throws(CacheError) in
            let fileSpace = try HDF5Handle(H5Dget_space(frames.id), closer: H5Sclose, path: path, operation: "get the /frames space")
            try h5check(H5Sselect_hyperslab(fileSpace.id, H5S_SELECT_SET, [hsize_t(rows.lowerBound), 0, 0, 0], nil, count, nil),
                        path: path, "select /frames rows \(rows)")
            let memSpace = try HDF5Handle(H5Screate_simple(4, count, nil), closer: H5Sclose, path: path, operation: "create a memory space")
            try h5check(H5Dread(frames.id, HDF5Types.nativeType(dtype), memSpace.id, fileSpace.id, ss_H5P_DEFAULT(), output.baseAddress),
                        path: path, "read /frames rows \(rows)")
        }
    }

    private func checkEventOffsets(rows: Int) throws(CacheError) {
        guard eventOffsets.count == count + 1, eventOffsets.first == 0, eventOffsets.last! <= Int64(rows),
              zip(eventOffsets, eventOffsets.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw .malformed(path: path, reason: "/events/offsets must hold \(count + 1) entries rising from 0 to at most "
                             + "the \(rows) rows of the /events columns")
        }
    }

    private func checkConsistency(frameRows: Int) throws(CacheError) {
        let n = labels.count
        guard splits.count == n, sampleIDs.count == n, frameOffsets.count == n + 1 else {
            throw .malformed(path: path, reason: "\(n) labels, \(splits.count) splits, \(sampleIDs.count) sample ids and "
                             + "\(frameOffsets.count) frame offsets (expected \(n + 1))")
        }
        guard frameOffsets[0] == 0, frameOffsets.last! <= Int64(frameRows),
              zip(frameOffsets, frameOffsets.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw .malformed(path: path, reason: "/frame_offsets must rise from 0 to at most the \(frameRows) rows of /frames")
        }
    }
}

/// The frame layout and metadata `CacheReader` loads at open, read under the HDF5 lock.
private struct OpenedCache {
    let frames: HDF5Dataset
    let dtype: FrameDType
    let geometry: FrameGeometry
    let frameRows: Int
    let chunkRows: Int
    let zstd: Bool
    let direct: Bool
    let labels: [Int32]
    let splitCodes: [UInt8]
    let sampleIDs: [String]
    let offsets: [Int64]
    let events: (datasets: CacheEventDatasets, sensor: SensorSize, offsets: [Int64], rows: Int)?

    init(file: HDF5Handle, path: String) throws(CacheError) {
        frames = try HDF5Dataset(openIn: file.id, name: CacheLayout.frames, path: path)
        let type = try frames.fileType()
        guard let dtype = HDF5Types.frameDType(of: type.id) else {
            throw .malformed(path: path, reason: "/frames must hold uint8, uint16 or float32 values")
        }
        let extent = try frames.extent()
        guard extent.count == 4 else { throw .malformed(path: path, reason: "/frames has rank \(extent.count), expected 4 [ΣT, C, H, W]") }
        self.dtype = dtype
        geometry = FrameGeometry(channels: extent[1], height: extent[2], width: extent[3])
        frameRows = extent[0]
        // A merged (virtual) /frames reads shard files: a missing one would silently read as zeros.
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        for source in try frames.virtualSourceFiles() ?? [] where source != "." {
            let resolved = source.hasPrefix("/") ? source : folder.appendingPathComponent(source).path
            guard FileManager.default.fileExists(atPath: resolved) else {
                throw .virtualSourceMissing(path: path, source: resolved)
            }
        }
        let chunk = try frames.chunkDims()
        chunkRows = chunk?.first ?? 0
        let filters = try frames.filterIDs()
        zstd = filters == [CacheLayout.zstdFilterID]
        // Direct chunk reads need whole frames per chunk, a pipeline we can undo ourselves, host byte order and
        // a zero fill (unwritten chunks are then zeros).
        let littleEndian = H5Tget_size(type.id) == 1 || H5Tget_order(type.id) == H5T_ORDER_LE
        let wholeFrames = chunk.map { Array($0.dropFirst()) == Array(extent.dropFirst()) } ?? false
        let zeroFill = try frames.hasZeroFill()
        direct = littleEndian && wholeFrames && (filters.isEmpty || zstd) && zeroFill
        labels = try HDF5Dataset(openIn: file.id, name: CacheLayout.labels, path: path).readAll(Int32(0), memType: ss_H5T_NATIVE_INT32())
        splitCodes = try HDF5Dataset(openIn: file.id, name: CacheLayout.splits, path: path).readAll(UInt8(0), memType: ss_H5T_NATIVE_UINT8())
        sampleIDs = try HDF5Dataset(openIn: file.id, name: CacheLayout.sampleIDs, path: path).readAllStrings()
        offsets = try HDF5Dataset(openIn: file.id, name: CacheLayout.frameOffsets, path: path).readAll(Int64(0), memType: ss_H5T_NATIVE_INT64())
        if CacheEventDatasets.exists(in: file.id) {
            let events = try CacheEventDatasets.open(in: file.id, path: path)
            self.events = (events, try events.sensor(path: path),
                           try events.offsets.readAll(Int64(0), memType: ss_H5T_NATIVE_INT64()), try events.rowCount(path: path))
        } else {
            events = nil
        }
    }
}

extension FrameStorage {
    /// Zeroed storage of `count` elements whose bytes `fill` then writes.
    static func filled(_ dtype: FrameDType, count: Int,
                       _ fill: (UnsafeMutableRawBufferPointer) throws(CacheError) -> Void) throws(CacheError) -> FrameStorage {
        func make<T: Numeric & BitwiseCopyable>(_: T.Type) throws(CacheError) -> [T] {
            var values = [T](repeating: 0, count: count)
            try values.withMutableBytes(fill)
            return values
        }
        switch dtype {
        case .uint8: return .uint8(try make(UInt8.self))
        case .uint16: return .uint16(try make(UInt16.self))
        case .float32: return .float32(try make(Float.self))
        }
    }
}
