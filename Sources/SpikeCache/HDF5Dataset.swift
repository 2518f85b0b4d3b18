import CHDF5
import Foundation

/// An open HDF5 dataset of the cache, with the few operations the writer and reader need. Every method
/// assumes the caller holds the HDF5 lock.
final class HDF5Dataset: Sendable {
    let handle: HDF5Handle
    let name: String
    let path: String

    var id: hid_t { handle.id }

    init(openIn file: hid_t, name: String, path: String) throws(CacheError) {
        guard H5Lexists(file, name, ss_H5P_DEFAULT()) > 0 else {
            throw .malformed(path: path, reason: "the dataset '/\(name)' is missing")
        }
        handle = try HDF5Handle(H5Dopen2(file, name, ss_H5P_DEFAULT()), closer: H5Dclose, path: path,
                                operation: "open dataset '/\(name)'")
        self.name = name
        self.path = path
    }

    /// Opens dataset `name` of the file at `path` read-only. The dataset keeps the file open (libhdf5 closes a
    /// file only when its last object is closed).
    convenience init(readOnly name: String, inFile path: String) throws(CacheError) {
        let file = try HDF5Handle(H5Fopen(path, ss_H5F_ACC_RDONLY(), ss_H5P_DEFAULT()), closer: H5Fclose, path: path,
                                  operation: "open the file")
        try self.init(openIn: file.id, name: name, path: path)
    }

    /// Creates a chunked dataset whose first dimension is unlimited.
    convenience init(createIn file: hid_t, name: String, path: String, fileType: hid_t, dims: [Int], chunk: [Int],
                     zstdLevel: Int32? = nil, fillInt64: Int64? = nil) throws(CacheError) {
        let dcpl = try HDF5Handle(H5Pcreate(ss_H5P_DATASET_CREATE()), closer: H5Pclose, path: path,
                                  operation: "create a dataset property list")
        try h5check(H5Pset_chunk(dcpl.id, Int32(chunk.count), chunk.map { hsize_t($0) }), path: path, "chunk '/\(name)'")
        if let zstdLevel {
            try h5check(H5Pset_filter(dcpl.id, H5Z_filter_t(CacheLayout.zstdFilterID), ss_H5Z_FLAG_MANDATORY(), 1,
                                      [UInt32(bitPattern: zstdLevel)]),
                        path: path, "set the zstd filter on '/\(name)'")
        }
        if var fillInt64 {
            try h5check(H5Pset_fill_value(dcpl.id, ss_H5T_NATIVE_INT64(), &fillInt64), path: path, "set the fill of '/\(name)'")
        }
        try self.init(createIn: file, name: name, path: path, fileType: fileType, dims: dims, unlimited: true,
                      dcpl: dcpl.id)
    }

    /// Creates a dataset of `dims` (the first one unlimited when `unlimited`) with the creation properties `dcpl`.
    init(createIn file: hid_t, name: String, path: String, fileType: hid_t, dims: [Int], unlimited: Bool,
         dcpl: hid_t) throws(CacheError) {
        let current = dims.map { hsize_t($0) }
        var maximum = current
        if unlimited { maximum[0] = ss_H5S_UNLIMITED() }
        let space = try HDF5Handle(H5Screate_simple(Int32(dims.count), current, maximum), closer: H5Sclose, path: path,
                                   operation: "create the dataspace of '/\(name)'")
        handle = try HDF5Handle(H5Dcreate2(file, name, fileType, space.id, ss_H5P_DEFAULT(), dcpl, ss_H5P_DEFAULT()),
                                closer: H5Dclose, path: path, operation: "create dataset '/\(name)'")
        self.name = name
        self.path = path
    }

    /// The creation properties (chunking, filters, fill, virtual mappings); caller-owned handle.
    func creationProperties() throws(CacheError) -> HDF5Handle {
        try HDF5Handle(H5Dget_create_plist(id), closer: H5Pclose, path: path,
                       operation: "get the creation properties of '/\(name)'")
    }

    func extent() throws(CacheError) -> [Int] {
        let space = try HDF5Handle(H5Dget_space(id), closer: H5Sclose, path: path, operation: "get the space of '/\(name)'")
        let rank = Int(H5Sget_simple_extent_ndims(space.id))
        guard rank > 0 else { return [] }
        var dims = [hsize_t](repeating: 0, count: rank)
        try h5check(H5Sget_simple_extent_dims(space.id, &dims, nil), path: path, "get the extent of '/\(name)'")
        return dims.map { Int($0) }
    }

    func setExtent(_ dims: [Int]) throws(CacheError) {
        try h5check(H5Dset_extent(id, dims.map { hsize_t($0) }), path: path, "resize '/\(name)' to \(dims)")
    }

    /// The file datatype (caller-owned handle).
    func fileType() throws(CacheError) -> HDF5Handle {
        try HDF5Handle(H5Dget_type(id), closer: H5Tclose, path: path, operation: "get the type of '/\(name)'")
    }

    /// Chunk dimensions, or nil when the dataset is not chunked.
    func chunkDims() throws(CacheError) -> [Int]? {
        let dcpl = try creationProperties()
        guard H5Pget_layout(dcpl.id) == H5D_CHUNKED else { return nil }
        var dims = [hsize_t](repeating: 0, count: 32)
        let rank = H5Pget_chunk(dcpl.id, 32, &dims)
        guard rank > 0 else { return nil }
        return dims.prefix(Int(rank)).map { Int($0) }
    }

    /// The source file names of a virtual dataset's mappings as stored (`.` is this file), or nil when the
    /// dataset is not virtual.
    func virtualSourceFiles() throws(CacheError) -> [String]? {
        let dcpl = try creationProperties()
        guard H5Pget_layout(dcpl.id) == H5D_VIRTUAL else { return nil }
        var count = 0
        try h5check(H5Pget_virtual_count(dcpl.id, &count), path: path, "count the mappings of '/\(name)'")
        return try (0..<count).map { (index) throws(CacheError) in
            let length = H5Pget_virtual_filename(dcpl.id, index, nil, 0)
            guard length >= 0 else { throw .hdf5(path: path, operation: "read mapping \(index) of '/\(name)'", detail: HDF5Library.errorDetail()) }
            var bytes = [CChar](repeating: 0, count: length + 1)
            _ = H5Pget_virtual_filename(dcpl.id, index, &bytes, bytes.count)
            return String(decoding: bytes.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// The ids of the filters in the dataset's pipeline, in order.
    func filterIDs() throws(CacheError) -> [Int32] {
        let dcpl = try creationProperties()
        return (0..<max(0, H5Pget_nfilters(dcpl.id))).map { index in
            var flags: UInt32 = 0
            var cdCount = 0
            var config: UInt32 = 0
            return H5Pget_filter2(dcpl.id, UInt32(index), &flags, &cdCount, nil, 0, nil, &config)
        }
    }

    /// Whether unwritten elements read as zero (the default fill value, or an explicit zero).
    func hasZeroFill() throws(CacheError) -> Bool {
        let dcpl = try creationProperties()
        var status = H5D_FILL_VALUE_ERROR
        try h5check(H5Pfill_value_defined(dcpl.id, &status), path: path, "get the fill value of '/\(name)'")
        if status == H5D_FILL_VALUE_DEFAULT || status == H5D_FILL_VALUE_UNDEFINED { return true }
        let type = try fileType()
        var fill = [UInt8](repeating: 0xFF, count: H5Tget_size(type.id))
        try h5check(H5Pget_fill_value(dcpl.id, type.id, &fill), path: path, "get the fill value of '/\(name)'")
        return fill.allSatisfy { $0 == 0 }
    }

    /// Writes `count` elements at rows `start ..< start + count` of this 1-D dataset from `buffer`.
    func write(rows start: Int, count: Int, memType: hid_t, buffer: UnsafeRawPointer) throws(CacheError) {
        guard count > 0 else { return }
        let (memSpace, fileSpace) = try selection(start: start, count: count)
        try h5check(H5Dwrite(id, memType, memSpace.id, fileSpace.id, ss_H5P_DEFAULT(), buffer), path: path,
                    "write rows \(start)..<\(start + count) of '/\(name)'")
    }

    /// Reads rows `start ..< start + count` of this 1-D dataset into `buffer`, converted through `memType`.
    func read(rows start: Int, count: Int, memType: hid_t, into buffer: UnsafeMutableRawPointer) throws(CacheError) {
        guard count > 0 else { return }
        let (memSpace, fileSpace) = try selection(start: start, count: count)
        try h5check(H5Dread(id, memType, memSpace.id, fileSpace.id, ss_H5P_DEFAULT(), buffer), path: path,
                    "read rows \(start)..<\(start + count) of '/\(name)'")
    }

    /// Reads the whole 1-D dataset converted to `T` through `memType`.
    func readAll<T: BitwiseCopyable>(_ zero: T, memType: hid_t) throws(CacheError) -> [T] {
        let count = try extent().first ?? 0
        var values = [T](repeating: zero, count: count)
        guard count > 0 else { return values }
        try h5check(values.withUnsafeMutableBytes { H5Dread(id, memType, ss_H5S_ALL(), ss_H5S_ALL(), ss_H5P_DEFAULT(), $0.baseAddress) },
                    path: path, "read '/\(name)'")
        return values
    }

    /// Every string of a 1-D string dataset; variable-length ones are read from the bytes on disk when the layout
    /// allows (see `HDF5VariableLengthStrings`), so flush before reading what this process wrote.
    func readAllStrings() throws(CacheError) -> [String] {
        let count = try extent().first ?? 0
        let type = try fileType()
        if H5Tis_variable_str(type.id) > 0,
           let strings = try HDF5VariableLengthStrings(dataset: id, name: name, path: path).read(count: count) {
            return strings
        }
        return try HDF5Types.readStrings(count: count, fileType: type.id, path: path, what: "'/\(name)'") { memType, buffer in
            count == 0 ? 0 : H5Dread(id, memType, ss_H5S_ALL(), ss_H5S_ALL(), ss_H5P_DEFAULT(), buffer)
        }
    }

    /// Writes `strings` as variable-length UTF-8 at rows `start ..< start + strings.count`.
    func writeStrings(rows start: Int, _ strings: [String]) throws(CacheError) {
        guard !strings.isEmpty else { return }
        let memType = try HDF5Handle(HDF5Types.utf8String(), closer: H5Tclose, path: path, operation: "create a string type")
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        try copies.withBytes { (pointers) throws(CacheError) in
            try write(rows: start, count: strings.count, memType: memType.id, buffer: pointers.baseAddress!)
        }
    }

    func selection(start: Int, count: Int) throws(CacheError) -> (memory: HDF5Handle, file: HDF5Handle) {
        let fileSpace = try HDF5Handle(H5Dget_space(id), closer: H5Sclose, path: path, operation: "get the space of '/\(name)'")
        try h5check(H5Sselect_hyperslab(fileSpace.id, H5S_SELECT_SET, [hsize_t(start)], nil, [hsize_t(count)], nil),
                    path: path, "select rows of '/\(name)'")
        let memSpace = try HDF5Handle(H5Screate_simple(1, [hsize_t(count)], nil), closer: H5Sclose, path: path,
                                      operation: "create a memory space")
        return (memSpace, fileSpace)
    }
}
