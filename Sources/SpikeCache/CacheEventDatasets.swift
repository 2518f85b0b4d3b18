import CHDF5
import SpikeEvents

/// The open `/events` group of a cache (docs/CACHE.md): columns t, x, y, p and `/events/offsets`. Columns are
/// zstd-filtered; the writer stores chunks it compressed itself (`EventChunkBuilder`), readers go through
/// libhdf5's filter. Every method assumes the caller holds the HDF5 lock.
struct CacheEventDatasets: Sendable {
    let group: HDF5Handle
    let t: HDF5Dataset
    let x: HDF5Dataset
    let y: HDF5Dataset
    let p: HDF5Dataset
    let offsets: HDF5Dataset

    /// The columns in order t, x, y, p with their little-endian file types.
    private static var columnTypes: [(name: String, fileType: hid_t)] {
        [(CacheLayout.Events.t, ss_H5T_STD_I64LE()), (CacheLayout.Events.x, ss_H5T_STD_U16LE()),
         (CacheLayout.Events.y, ss_H5T_STD_U16LE()), (CacheLayout.Events.p, ss_H5T_STD_U8LE())]
    }

    /// Whether `file` has an `/events` group.
    static func exists(in file: hid_t) -> Bool { H5Lexists(file, CacheLayout.Events.group, ss_H5P_DEFAULT()) > 0 }

    /// Creates the empty group for events on `sensor`, with `offsets = [0]`.
    static func create(in file: hid_t, path: String, sensor: SensorSize, level: Int32) throws(CacheError) -> CacheEventDatasets {
        let group = try HDF5Handle(H5Gcreate2(file, CacheLayout.Events.group, ss_H5P_DEFAULT(), ss_H5P_DEFAULT(),
                                              ss_H5P_DEFAULT()),
                                   closer: H5Gclose, path: path, operation: "create the /events group")
        let attributes = HDF5Attributes(object: group.id, path: path)
        try attributes.write(CacheLayout.Events.sensorWidth, int64: Int64(sensor.width))
        try attributes.write(CacheLayout.Events.sensorHeight, int64: Int64(sensor.height))
        try attributes.write(CacheLayout.Events.sensorPolarities, int64: Int64(sensor.polarities))
        var columns: [HDF5Dataset] = []
        for column in columnTypes {
            columns.append(try HDF5Dataset(createIn: file, name: column.name, path: path, fileType: column.fileType,
                                           dims: [0], chunk: [CacheLayout.Events.chunkEvents], zstdLevel: level))
        }
        let offsets = try HDF5Dataset(createIn: file, name: CacheLayout.Events.offsets, path: path,
                                      fileType: ss_H5T_STD_I64LE(), dims: [1], chunk: [4096], fillInt64: -1)
        var zero: Int64 = 0
        try offsets.write(rows: 0, count: 1, memType: ss_H5T_NATIVE_INT64(), buffer: &zero)
        return CacheEventDatasets(group: group, t: columns[0], x: columns[1], y: columns[2], p: columns[3], offsets: offsets)
    }

    static func open(in file: hid_t, path: String) throws(CacheError) -> CacheEventDatasets {
        guard exists(in: file) else { throw .malformed(path: path, reason: "the group '/events' is missing") }
        let group = try HDF5Handle(H5Gopen2(file, CacheLayout.Events.group, ss_H5P_DEFAULT()), closer: H5Gclose,
                                   path: path, operation: "open the /events group")
        return CacheEventDatasets(
            group: group, t: try HDF5Dataset(openIn: file, name: CacheLayout.Events.t, path: path),
            x: try HDF5Dataset(openIn: file, name: CacheLayout.Events.x, path: path),
            y: try HDF5Dataset(openIn: file, name: CacheLayout.Events.y, path: path),
            p: try HDF5Dataset(openIn: file, name: CacheLayout.Events.p, path: path),
            offsets: try HDF5Dataset(openIn: file, name: CacheLayout.Events.offsets, path: path))
    }

    /// The sensor recorded in the group's attributes.
    func sensor(path: String) throws(CacheError) -> SensorSize {
        let text = try HDF5Attributes(object: group.id, path: path).readAll()
        let names = [CacheLayout.Events.sensorWidth, CacheLayout.Events.sensorHeight, CacheLayout.Events.sensorPolarities]
        let values = names.compactMap { text[$0].flatMap { Int($0) } }
        guard values.count == 3, values.allSatisfy({ $0 > 0 }) else {
            throw .malformed(path: path, reason: "/events needs positive integer attributes \(names.joined(separator: ", "))")
        }
        return SensorSize(width: values[0], height: values[1], polarities: values[2])
    }

    /// Rows in each column (their common length; a mismatch is malformed).
    func rowCount(path: String) throws(CacheError) -> Int {
        let counts = [try t.extent()[0], try x.extent()[0], try y.extent()[0], try p.extent()[0]]
        guard Set(counts).count == 1 else { throw .malformed(path: path, reason: "the /events columns have lengths \(counts)") }
        return counts[0]
    }

    /// Stores `chunks` (made by `EventChunkBuilder`), the columns then holding `rows` rows, and the samples' end rows
    /// at `offsets[firstSample + 1 …]`.
    func append(_ chunks: [EventColumnChunk], rows: Int, endRows: [Int64], firstSample: Int) throws(CacheError) {
        let columns = [t, x, y, p]
        for column in columns { try column.setExtent([rows]) }
        for chunk in chunks {
            for (column, bytes) in zip(columns, chunk.columns) {
                let offset = [hsize_t(chunk.index * CacheLayout.Events.chunkEvents)]
                let status = bytes.withUnsafeBytes { H5Dwrite_chunk(column.id, ss_H5P_DEFAULT(), 0, offset, $0.count, $0.baseAddress) }
                try h5check(status, path: column.path, "write chunk \(chunk.index) of '/\(column.name)'")
            }
        }
        try offsets.setExtent([firstSample + endRows.count + 1])
        try offsets.write(rows: firstSample + 1, count: endRows.count, memType: ss_H5T_NATIVE_INT64(), buffer: endRows)
    }

    /// Shrinks the group to the first `committed` samples (whose frames `/frame_offsets` already vouches for) and
    /// returns the event rows kept. Throws `malformed` when the events of a committed sample are missing.
    func trim(toCommitted committed: Int, path: String) throws(CacheError) -> Int {
        let all = try offsets.readAll(Int64(0), memType: ss_H5T_NATIVE_INT64())
        let rows = try rowCount(path: path)
        guard all.count > committed, all[0] == 0,
              zip(all.prefix(committed + 1), all.prefix(committed + 1).dropFirst()).allSatisfy({ $0 <= $1 }),
              all[committed] <= Int64(rows) else {
            throw .malformed(path: path, reason: "/events/offsets does not cover the \(committed) committed samples")
        }
        let kept = Int(all[committed])
        for column in [t, x, y, p] { try column.setExtent([kept]) }
        try offsets.setExtent([committed + 1])
        return kept
    }

    /// Events in rows `range`.
    func read(_ range: Range<Int>) throws(CacheError) -> EventChunk {
        let n = range.count
        guard n > 0 else { return EventChunk() }
        var chunk = EventChunk(t: [Int64](repeating: 0, count: n), x: [UInt16](repeating: 0, count: n),
                               y: [UInt16](repeating: 0, count: n), p: [UInt8](repeating: 0, count: n))
        try chunk.t.withMutableBytes { (b) throws(CacheError) in
            try t.read(rows: range.lowerBound, count: n, memType: ss_H5T_NATIVE_INT64(), into: b.baseAddress!)
        }
        try chunk.x.withMutableBytes { (b) throws(CacheError) in
            try x.read(rows: range.lowerBound, count: n, memType: ss_H5T_NATIVE_UINT16(), into: b.baseAddress!)
        }
        try chunk.y.withMutableBytes { (b) throws(CacheError) in
            try y.read(rows: range.lowerBound, count: n, memType: ss_H5T_NATIVE_UINT16(), into: b.baseAddress!)
        }
        try chunk.p.withMutableBytes { (b) throws(CacheError) in
            try p.read(rows: range.lowerBound, count: n, memType: ss_H5T_NATIVE_UINT8(), into: b.baseAddress!)
        }
        return chunk
    }
}
