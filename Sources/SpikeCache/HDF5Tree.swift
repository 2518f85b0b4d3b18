import CHDF5
import Foundation

/// One dataset of an `HDF5Tree`: float32, int64 or variable-length UTF-8 string values of `shape` (`[]` is a
/// scalar), stored row-major as h5py/numpy lay them out.
public enum HDF5TreeValue: Sendable, Equatable {
    case floats(shape: [Int], values: [Float])
    case integers(shape: [Int], values: [Int64])
    case strings(shape: [Int], values: [String])

    public var shape: [Int] {
        switch self {
        case let .floats(shape, _), let .integers(shape, _), let .strings(shape, _): shape
        }
    }
}

/// A group of an HDF5 file as plain values: its datasets and subgroups by name, recursively. For small files of
/// nested groups whose layout another tool defines (a NIR graph); the cache and model files have their own
/// writers. Written and read through the same serialised libhdf5 as the cache; reading converts any float
/// dataset to float32 and any integer one to int64, and refuses other types with `malformed`.
public struct HDF5Tree: Sendable, Equatable {
    public var datasets: [String: HDF5TreeValue]
    public var groups: [String: HDF5Tree]

    public init(datasets: [String: HDF5TreeValue] = [:], groups: [String: HDF5Tree] = [:]) {
        self.datasets = datasets
        self.groups = groups
    }

    /// How deep `read` follows groups (a file nested deeper is refused as malformed).
    public static let maximumDepth = 32

    /// Writes the tree as the root group of a new file at `PATH.partial`, then renames it to `path`.
    public func write(to path: String) throws(CacheError) {
        let partial = path + ".partial"
        try HDF5Library.locked { () throws(CacheError) in
            let file = try HDF5Handle(H5Fcreate(partial, ss_H5F_ACC_TRUNC(), ss_H5P_DEFAULT(), ss_H5P_DEFAULT()),
                                      closer: H5Fclose, path: partial, operation: "create the file")
            try writeContents(in: file.id, prefix: "/", path: partial)
            try h5check(H5Fflush(file.id, H5F_SCOPE_LOCAL), path: partial, "flush the file")
        }
        try Durability.publish(partial: partial, as: path)
    }

    /// Reads the whole file from its root group.
    public static func read(path: String) throws(CacheError) -> HDF5Tree {
        guard FileManager.default.fileExists(atPath: path) else { throw .fileMissing(path: path) }
        return try HDF5Library.locked { () throws(CacheError) in
            let file = try HDF5Handle(H5Fopen(path, ss_H5F_ACC_RDONLY(), ss_H5P_DEFAULT()), closer: H5Fclose,
                                      path: path, operation: "open the file")
            return try readGroup(file.id, prefix: "/", path: path, depth: 0)
        }
    }

    private func writeContents(in group: hid_t, prefix: String, path: String) throws(CacheError) {
        for (name, value) in datasets.sorted(by: { $0.key < $1.key }) {
            try Self.writeDataset(value, name: name, in: group, what: prefix + name, path: path)
        }
        for (name, child) in groups.sorted(by: { $0.key < $1.key }) {
            let handle = try HDF5Handle(H5Gcreate2(group, name, ss_H5P_DEFAULT(), ss_H5P_DEFAULT(), ss_H5P_DEFAULT()),
                                        closer: H5Gclose, path: path, operation: "create group '\(prefix + name)'")
            try child.writeContents(in: handle.id, prefix: prefix + name + "/", path: path)
        }
    }

    private static func writeDataset(_ value: HDF5TreeValue, name: String, in group: hid_t, what: String,
                                     path: String) throws(CacheError) {
        let shape = value.shape
        let dims = shape.map { hsize_t($0) }
        let space = try HDF5Handle(shape.isEmpty ? H5Screate(H5S_SCALAR) : H5Screate_simple(Int32(dims.count), dims, nil),
                                   closer: H5Sclose, path: path, operation: "create the dataspace of '\(what)'")
        func create(_ fileType: hid_t) throws(CacheError) -> HDF5Handle {
            try HDF5Handle(H5Dcreate2(group, name, fileType, space.id, ss_H5P_DEFAULT(), ss_H5P_DEFAULT(), ss_H5P_DEFAULT()),
                           closer: H5Dclose, path: path, operation: "create dataset '\(what)'")
        }
        let status: herr_t
        switch value {
        case let .floats(_, values):
            let dataset = try create(ss_H5T_IEEE_F32LE())
            guard !values.isEmpty else { return }
            status = values.withUnsafeBytes {
                H5Dwrite(dataset.id, ss_H5T_NATIVE_FLOAT(), ss_H5S_ALL(), ss_H5S_ALL(), ss_H5P_DEFAULT(), $0.baseAddress)
            }
        case let .integers(_, values):
            let dataset = try create(ss_H5T_STD_I64LE())
            guard !values.isEmpty else { return }
            status = values.withUnsafeBytes {
                H5Dwrite(dataset.id, ss_H5T_NATIVE_INT64(), ss_H5S_ALL(), ss_H5S_ALL(), ss_H5P_DEFAULT(), $0.baseAddress)
            }
        case let .strings(_, values):
            let type = try HDF5Handle(HDF5Types.utf8String(), closer: H5Tclose, path: path, operation: "create a string type")
            let dataset = try create(type.id)
            guard !values.isEmpty else { return }
            let copies = values.map { strdup($0) }
            defer { copies.forEach { free($0) } }
            status = copies.withUnsafeBytes {
                H5Dwrite(dataset.id, type.id, ss_H5S_ALL(), ss_H5S_ALL(), ss_H5P_DEFAULT(), $0.baseAddress)
            }
        }
        try h5check(status, path: path, "write '\(what)'")
    }

    private static func readGroup(_ group: hid_t, prefix: String, path: String, depth: Int) throws(CacheError) -> HDF5Tree {
        guard depth <= maximumDepth else {
            throw .malformed(path: path, reason: "groups nest deeper than \(maximumDepth) levels at '\(prefix)'")
        }
        var info = H5G_info_t()
        try h5check(H5Gget_info(group, &info), path: path, "list '\(prefix)'")
        var tree = HDF5Tree()
        for index in 0..<info.nlinks {
            let size = H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, ss_H5P_DEFAULT())
            guard size >= 0 else {
                throw .hdf5(path: path, operation: "name link \(index) of '\(prefix)'", detail: HDF5Library.errorDetail())
            }
            var buffer = [CChar](repeating: 0, count: Int(size) + 1)
            _ = H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count, ss_H5P_DEFAULT())
            let name = String(decoding: buffer.prefix(Int(size)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let child = try HDF5Handle(H5Oopen(group, name, ss_H5P_DEFAULT()), closer: H5Oclose, path: path,
                                       operation: "open '\(prefix)\(name)'")
            switch H5Iget_type(child.id) {
            case H5I_GROUP:
                tree.groups[name] = try readGroup(child.id, prefix: prefix + name + "/", path: path, depth: depth + 1)
            case H5I_DATASET:
                tree.datasets[name] = try readDataset(child.id, what: prefix + name, path: path)
            default:
                continue
            }
        }
        return tree
    }

    private static func readDataset(_ dataset: hid_t, what: String, path: String) throws(CacheError) -> HDF5TreeValue {
        let shape = try shape(of: dataset, what: what, path: path)
        let count = shape.reduce(1, *)
        let type = try HDF5Handle(H5Dget_type(dataset), closer: H5Tclose, path: path, operation: "get the type of '\(what)'")
        switch H5Tget_class(type.id) {
        case H5T_FLOAT:
            var values = [Float](repeating: 0, count: count)
            try read(dataset, into: &values, memType: ss_H5T_NATIVE_FLOAT(), what: what, path: path)
            return .floats(shape: shape, values: values)
        case H5T_INTEGER:
            var values = [Int64](repeating: 0, count: count)
            try read(dataset, into: &values, memType: ss_H5T_NATIVE_INT64(), what: what, path: path)
            return .integers(shape: shape, values: values)
        case H5T_STRING:
            if H5Tis_variable_str(type.id) > 0,
               let strings = try HDF5VariableLengthStrings(dataset: dataset, name: String(what.dropFirst()), path: path)
                .read(count: count) {
                return .strings(shape: shape, values: strings)
            }
            let strings = try HDF5Types.readStrings(count: count, fileType: type.id, path: path, what: "'\(what)'") {
                count == 0 ? 0 : H5Dread(dataset, $0, ss_H5S_ALL(), ss_H5S_ALL(), ss_H5P_DEFAULT(), $1)
            }
            return .strings(shape: shape, values: strings)
        default:
            throw .malformed(path: path, reason: "'\(what)' holds HDF5 type class \(H5Tget_class(type.id).rawValue), "
                             + "not numbers or text")
        }
    }

    /// The dimensions of a dataset (`[]` for a scalar).
    static func shape(of dataset: hid_t, what: String, path: String) throws(CacheError) -> [Int] {
        let space = try HDF5Handle(H5Dget_space(dataset), closer: H5Sclose, path: path,
                                   operation: "get the space of '\(what)'")
        let rank = Int(H5Sget_simple_extent_ndims(space.id))
        guard rank >= 0 else { throw .malformed(path: path, reason: "'\(what)' has no simple dataspace") }
        var dims = [hsize_t](repeating: 0, count: max(rank, 1))
        if rank > 0 { try h5check(H5Sget_simple_extent_dims(space.id, &dims, nil), path: path, "get the shape of '\(what)'") }
        return dims.prefix(rank).map { Int($0) }
    }

    private static func read<T: BitwiseCopyable>(_ dataset: hid_t, into values: inout [T], memType: hid_t, what: String,
                                                 path: String) throws(CacheError) {
        guard !values.isEmpty else { return }
        let status = values.withUnsafeMutableBytes {
            H5Dread(dataset, memType, ss_H5S_ALL(), ss_H5S_ALL(), ss_H5P_DEFAULT(), $0.baseAddress)
        }
        try h5check(status, path: path, "read '\(what)'")
    }
}
