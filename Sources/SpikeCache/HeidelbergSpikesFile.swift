import CHDF5
import Foundation
import SpikeEvents

/// One HDF5 file of the Heidelberg spiking datasets (SHD, SSC; Cramer et al. 2020), laid out as tonic reads it:
/// `spikes/times` (per sample, a variable-length list of spike times in seconds), `spikes/units` (the same
/// length: each spike's channel, 0 … 699), `labels` (one per sample) and `extra/keys` (the class names, by
/// label). A sample's events are `t` = ⌊time × 10⁶⌋ µs (tonic's conversion), `x` = unit, `y` = 0, `p` = 0 on a
/// 700 × 1 sensor with one polarity.
public struct HeidelbergSpikesFile: Sendable {
    public static let sensorSize = SensorSize(width: 700, height: 1, polarities: 1)
    static let times = "spikes/times", units = "spikes/units", labels = "labels", keys = "extra/keys"
    /// The largest spike time (s) whose microseconds fit an Int64.
    static let maxSeconds = Double(Int64.max / 1_000_000)

    public let path: String
    public let labels: [Int]
    public let classNames: [String]

    /// Opens `path` and reads its labels and class names.
    public init(path: String) throws(CacheError) {
        guard FileManager.default.fileExists(atPath: path) else { throw .badDatasetFile(path: path, reason: "it does not exist") }
        self.path = path
        let (labels, classNames) = try HDF5Library.locked { () throws(CacheError) in
            let file = try Self.open(path)
            for name in [Self.times, Self.units, Self.labels, Self.keys] where H5Lexists(file.id, name, ss_H5P_DEFAULT()) <= 0 {
                throw .badDatasetFile(path: path, reason: "it has no '\(name)': an SHD/SSC file holds spikes/times, "
                                     + "spikes/units, labels and extra/keys")
            }
            let labelSet = try HDF5Dataset(openIn: file.id, name: Self.labels, path: path)
            // A damaged extent can claim 2^47 rows: more rows than the file has bytes (the published files hold the
            // labels uncompressed, 2 bytes each) is refused before a buffer is allocated for them.
            let rows = try labelSet.extent().first ?? 0
            let fileBytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? Int.max
            guard rows <= fileBytes else {
                throw .badDatasetFile(path: path, reason: "'\(Self.labels)' claims \(rows) samples, more than the file's "
                                     + "\(fileBytes) bytes can hold; the file is damaged")
            }
            let labels = try labelSet.readAll(Int64(0), memType: ss_H5T_NATIVE_INT64())
            let keys = try HDF5Dataset(openIn: file.id, name: Self.keys, path: path).readAllStrings()
            return (labels.map { Int($0) }, keys)
        }
        self.labels = labels
        self.classNames = classNames
        if let bad = labels.firstIndex(where: { !classNames.indices.contains($0) }) {
            throw .badDatasetFile(path: path, reason: "sample \(bad) has label \(labels[bad]), but extra/keys names "
                                 + "\(classNames.count) classes")
        }
    }

    /// The events of sample `index` of the file at `path`, in time order.
    public static func events(path: String, sample index: Int) throws(CacheError) -> EventChunk {
        let (seconds, units): ([Double], [UInt16]) = try HDF5Library.locked { () throws(CacheError) in
            let file = try open(path)
            let times = try HDF5Dataset(openIn: file.id, name: Self.times, path: path)
            let unitRows = try HDF5Dataset(openIn: file.id, name: Self.units, path: path)
            return (try readRow(times, index, Double(0), ss_H5T_NATIVE_DOUBLE()),
                    try readRow(unitRows, index, UInt16(0), ss_H5T_NATIVE_UINT16()))
        }
        guard seconds.count == units.count else {
            throw .badDatasetFile(path: path, reason: "sample \(index) has \(seconds.count) spike times but \(units.count) units")
        }
        if let bad = units.firstIndex(where: { Int($0) >= sensorSize.width }) {
            throw .badDatasetFile(path: path, reason: "sample \(index) spike \(bad) is on unit \(units[bad]); units are 0 … 699")
        }
        // ⌊time × 10⁶⌋ must be a time since the recording's start that fits Int64 µs (NaN fails both tests).
        if let bad = seconds.firstIndex(where: { !($0 >= 0 && $0 < maxSeconds) }) {
            throw .badDatasetFile(path: path, reason: "sample \(index) spike \(bad) has time \(seconds[bad]) s; spike "
                                 + "times are seconds from the recording's start (finite, ≥ 0), so the file is damaged")
        }
        var order = Array(seconds.indices)
        if zip(seconds, seconds.dropFirst()).contains(where: { $0 > $1 }) { order.sort { seconds[$0] < seconds[$1] } }
        return EventChunk(t: order.map { Int64(seconds[$0] * 1_000_000) }, x: order.map { units[$0] },
                          y: [UInt16](repeating: 0, count: order.count), p: [UInt8](repeating: 0, count: order.count))
    }

    /// Writes a file in this layout (times as float32, units as uint16, labels as uint16, keys as UTF-8): test
    /// data made by our own writer.
    public static func write(path: String, samples: [(seconds: [Float], units: [UInt16], label: Int)],
                             classNames: [String]) throws(CacheError) {
        try HDF5Library.locked { () throws(CacheError) in
            let file = try HDF5Handle(H5Fcreate(path, ss_H5F_ACC_TRUNC(), ss_H5P_DEFAULT(), ss_H5P_DEFAULT()),
                                      closer: H5Fclose, path: path, operation: "create the file")
            for group in ["spikes", "extra"] {
                _ = try HDF5Handle(H5Gcreate2(file.id, group, ss_H5P_DEFAULT(), ss_H5P_DEFAULT(), ss_H5P_DEFAULT()),
                                   closer: H5Gclose, path: path, operation: "create group '\(group)'")
            }
            try writeRows(file.id, times, samples.map(\.seconds), fileType: ss_H5T_IEEE_F32LE(), memType: ss_H5T_NATIVE_FLOAT(), path: path)
            try writeRows(file.id, units, samples.map(\.units), fileType: ss_H5T_STD_U16LE(), memType: ss_H5T_NATIVE_UINT16(), path: path)
            let labelSet = try HDF5Dataset(createIn: file.id, name: labels, path: path, fileType: ss_H5T_STD_U16LE(),
                                           dims: [samples.count], unlimited: false, dcpl: ss_H5P_DEFAULT())
            let values = samples.map { UInt16($0.label) }
            try h5check(values.withUnsafeBytes {
                H5Dwrite(labelSet.id, ss_H5T_NATIVE_UINT16(), ss_H5S_ALL(), ss_H5S_ALL(), ss_H5P_DEFAULT(), $0.baseAddress)
            }, path: path, "write '\(labels)'")
            let stringType = try HDF5Handle(HDF5Types.utf8String(), closer: H5Tclose, path: path, operation: "create a string type")
            let keySet = try HDF5Dataset(createIn: file.id, name: keys, path: path, fileType: stringType.id,
                                         dims: [classNames.count], unlimited: false, dcpl: ss_H5P_DEFAULT())
            try keySet.writeStrings(rows: 0, classNames)
        }
    }

    private static func open(_ path: String) throws(CacheError) -> HDF5Handle {
        try HDF5Handle(H5Fopen(path, ss_H5F_ACC_RDONLY(), ss_H5P_DEFAULT()), closer: H5Fclose, path: path,
                       operation: "open the file")
    }

    /// Row `index` of a variable-length dataset, converted to `T` through `memType`.
    private static func readRow<T: BitwiseCopyable>(_ dataset: HDF5Dataset, _ index: Int, _ zero: T,
                                                    _ memType: hid_t) throws(CacheError) -> [T] {
        let rows = try dataset.extent().first ?? 0
        guard (0..<rows).contains(index) else {
            throw .badDatasetFile(path: dataset.path, reason: "'\(dataset.name)' has \(rows) rows, not a row \(index)")
        }
        let vlen = try HDF5Handle(H5Tvlen_create(memType), closer: H5Tclose, path: dataset.path,
                                  operation: "create a variable-length type")
        let (memory, fileSpace) = try dataset.selection(start: index, count: 1)
        var row = hvl_t()
        try h5check(H5Dread(dataset.id, vlen.id, memory.id, fileSpace.id, ss_H5P_DEFAULT(), &row), path: dataset.path,
                    "read row \(index) of '\(dataset.name)'")
        defer { H5Dvlen_reclaim(vlen.id, memory.id, ss_H5P_DEFAULT(), &row) }
        guard let base = row.p, row.len > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: base.assumingMemoryBound(to: T.self), count: row.len))
    }

    private static func writeRows<T>(_ file: hid_t, _ name: String, _ rows: [[T]], fileType: hid_t, memType: hid_t,
                                     path: String) throws(CacheError) {
        let fileVlen = try HDF5Handle(H5Tvlen_create(fileType), closer: H5Tclose, path: path, operation: "create a variable-length type")
        let memVlen = try HDF5Handle(H5Tvlen_create(memType), closer: H5Tclose, path: path, operation: "create a variable-length type")
        let dataset = try HDF5Dataset(createIn: file, name: name, path: path, fileType: fileVlen.id, dims: [rows.count],
                                      unlimited: false, dcpl: ss_H5P_DEFAULT())
        let buffers = rows.map { row in
            let buffer = UnsafeMutablePointer<T>.allocate(capacity: max(row.count, 1))
            _ = UnsafeMutableBufferPointer(start: buffer, count: row.count).initialize(from: row)
            return hvl_t(len: row.count, p: UnsafeMutableRawPointer(buffer))
        }
        defer { buffers.forEach { $0.p?.deallocate() } }
        try h5check(buffers.withUnsafeBytes {
            H5Dwrite(dataset.id, memVlen.id, ss_H5S_ALL(), ss_H5S_ALL(), ss_H5P_DEFAULT(), $0.baseAddress)
        }, path: path, "write '\(name)'")
    }
}
