import CHDF5
import Foundation

/// A named float32 array of an `HDF5ArrayFile`: `name` is `dataset` at the root or `group/dataset`.
public struct NamedFloatArray: Sendable, Equatable {
    public var name: String
    public var shape: [Int]
    public var values: [Float]

    public init(name: String, shape: [Int], values: [Float]) {
        precondition(shape.reduce(1, *) == values.count, "array \(name): shape \(shape) vs \(values.count) values")
        self.name = name
        self.shape = shape
        self.values = values
    }
}

/// A small HDF5 file of named float32 arrays (at the root or one group deep) and scalar root attributes
/// (UTF-8 strings and int64), written crash-safely (`PATH.partial`, then an atomic rename) through the same
/// serialised libhdf5 as the cache. h5py reads it as `f.attrs[...]` and `f["group/name"][...]`.
public struct HDF5ArrayFile: Sendable, Equatable {
    public var strings: [String: String]
    public var integers: [String: Int64]
    public var arrays: [NamedFloatArray]

    public init(strings: [String: String] = [:], integers: [String: Int64] = [:], arrays: [NamedFloatArray] = []) {
        self.strings = strings
        self.integers = integers
        self.arrays = arrays
    }

    /// Writes `PATH.partial`, then renames it to `path` (an existing file stays intact until then).
    public func write(to path: String) throws(CacheError) {
        let partial = path + ".partial"
        try HDF5Library.locked { () throws(CacheError) in try writeFile(partial) }
        try Durability.publish(partial: partial, as: path)
    }

    /// Reads every root attribute and every float dataset at the root and one group deep.
    public static func read(path: String) throws(CacheError) -> HDF5ArrayFile {
        guard FileManager.default.fileExists(atPath: path) else { throw .fileMissing(path: path) }
        return try HDF5Library.locked { () throws(CacheError) in
            let file = try HDF5Handle(H5Fopen(path, ss_H5F_ACC_RDONLY(), ss_H5P_DEFAULT()), closer: H5Fclose,
                                      path: path, operation: "open the file")
            var result = HDF5ArrayFile()
            let attributes = HDF5Attributes(object: file.id, path: path)
            for (name, text) in try attributes.readAll() {
                if try attributes.isInteger(name), let value = Int64(text) {
                    result.integers[name] = value
                } else {
                    result.strings[name] = text
                }
            }
            result.arrays = try readArrays(in: file.id, prefix: "", path: path, depth: 0)
            return result
        }
    }

    /// The array called `name`, if present.
    public func array(_ name: String) -> NamedFloatArray? { arrays.first { $0.name == name } }

    private func writeFile(_ path: String) throws(CacheError) {
        let file = try HDF5Handle(H5Fcreate(path, ss_H5F_ACC_TRUNC(), ss_H5P_DEFAULT(), ss_H5P_DEFAULT()),
                                  closer: H5Fclose, path: path, operation: "create the file")
        let attributes = HDF5Attributes(object: file.id, path: path)
        for (name, value) in strings.sorted(by: { $0.key < $1.key }) { try attributes.write(name, string: value) }
        for (name, value) in integers.sorted(by: { $0.key < $1.key }) { try attributes.write(name, int64: value) }
        var groups: [String: HDF5Handle] = [:]
        for array in arrays {
            let parts = array.name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty }) else {
                throw .invalidConfiguration(reason: "array name '\(array.name)' must be 'name' or 'group/name'")
            }
            var parent = file.id
            if parts.count == 2 {
                if groups[parts[0]] == nil {
                    groups[parts[0]] = try HDF5Handle(
                        H5Gcreate2(file.id, parts[0], ss_H5P_DEFAULT(), ss_H5P_DEFAULT(), ss_H5P_DEFAULT()),
                        closer: H5Gclose, path: path, operation: "create group '/\(parts[0])'")
                }
                parent = groups[parts[0]]!.id
            }
            try Self.writeArray(array, name: parts[parts.count - 1], in: parent, path: path)
        }
        try h5check(H5Fflush(file.id, H5F_SCOPE_LOCAL), path: path, "flush the file")
    }

    private static func writeArray(_ array: NamedFloatArray, name: String, in parent: hid_t,
                                   path: String) throws(CacheError) {
        let dims = array.shape.map { hsize_t($0) }
        let space = try HDF5Handle(array.shape.isEmpty ? H5Screate(H5S_SCALAR) : H5Screate_simple(Int32(dims.count), dims, nil),
                                   closer: H5Sclose, path: path, operation: "create the dataspace of '\(array.name)'")
        let dataset = try HDF5Handle(H5Dcreate2(parent, name, ss_H5T_IEEE_F32LE(), space.id, ss_H5P_DEFAULT(),
                                                ss_H5P_DEFAULT(), ss_H5P_DEFAULT()),
                                     closer: H5Dclose, path: path, operation: "create dataset '/\(array.name)'")
        guard !array.values.isEmpty else { return }
        let status = array.values.withUnsafeBytes {
            H5Dwrite(dataset.id, ss_H5T_NATIVE_FLOAT(), ss_H5S_ALL(), ss_H5S_ALL(), ss_H5P_DEFAULT(), $0.baseAddress)
        }
        try h5check(status, path: path, "write '/\(array.name)'")
    }

    /// Datasets under `object` (and, at depth 0, inside its groups), in link-name order.
    private static func readArrays(in object: hid_t, prefix: String, path: String,
                                   depth: Int) throws(CacheError) -> [NamedFloatArray] {
        var info = H5G_info_t()
        try h5check(H5Gget_info(object, &info), path: path, "list '/\(prefix)'")
        var arrays: [NamedFloatArray] = []
        for index in 0..<info.nlinks {
            let size = H5Lget_name_by_idx(object, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, ss_H5P_DEFAULT())
            guard size >= 0 else { throw .hdf5(path: path, operation: "name link \(index) of '/\(prefix)'", detail: HDF5Library.errorDetail()) }
            var buffer = [CChar](repeating: 0, count: Int(size) + 1)
            _ = H5Lget_name_by_idx(object, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count, ss_H5P_DEFAULT())
            let name = String(decoding: buffer.prefix(Int(size)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let child = try HDF5Handle(H5Oopen(object, name, ss_H5P_DEFAULT()), closer: H5Oclose, path: path,
                                       operation: "open '/\(prefix)\(name)'")
            switch H5Iget_type(child.id) {
            case H5I_GROUP where depth == 0:
                arrays += try readArrays(in: child.id, prefix: name + "/", path: path, depth: 1)
            case H5I_DATASET:
                arrays.append(try readArray(child.id, name: prefix + name, path: path))
            default:
                continue
            }
        }
        return arrays
    }

    private static func readArray(_ dataset: hid_t, name: String, path: String) throws(CacheError) -> NamedFloatArray {
        let shape = try HDF5Tree.shape(of: dataset, what: "/" + name, path: path)
        var values = [Float](repeating: 0, count: shape.reduce(1, *))
        if !values.isEmpty {
            let status = values.withUnsafeMutableBytes {
                H5Dread(dataset, ss_H5T_NATIVE_FLOAT(), ss_H5S_ALL(), ss_H5S_ALL(), ss_H5P_DEFAULT(), $0.baseAddress)
            }
            try h5check(status, path: path, "read '/\(name)'")
        }
        return NamedFloatArray(name: name, shape: shape, values: values)
    }
}

extension HDF5Attributes {
    /// Whether attribute `name` holds an integer (so a string such as "12" is not mistaken for one).
    func isInteger(_ name: String) throws(CacheError) -> Bool {
        let attribute = try HDF5Handle(H5Aopen(object, name, ss_H5P_DEFAULT()), closer: H5Aclose, path: path,
                                       operation: "open attribute '\(name)'")
        let type = try HDF5Handle(H5Aget_type(attribute.id), closer: H5Tclose, path: path,
                                  operation: "get type of '\(name)'")
        return H5Tget_class(type.id) == H5T_INTEGER
    }
}
