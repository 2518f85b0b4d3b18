import CHDF5

/// Scalar attributes on an HDF5 object (the cache root). Callers hold the HDF5 lock.
struct HDF5Attributes {
    let object: hid_t
    let path: String

    /// Writes a fixed-length UTF-8 string (h5py reads it as `bytes`): a variable-length one would live in the
    /// global heap, which libhdf5 1.10 reads without checks (see `HDF5VariableLengthStrings`).
    func write(_ name: String, string value: String) throws(CacheError) {
        var bytes = Array(value.utf8)
        let type = try HDF5Handle(HDF5Types.fixedUTF8String(byteCount: bytes.count), closer: H5Tclose, path: path,
                                  operation: "create a string type")
        if bytes.isEmpty { bytes = [0] }
        try replace(name, fileType: type.id) { (attribute) throws(CacheError) in
            try h5check(H5Awrite(attribute, type.id, &bytes), path: path, "write attribute '\(name)'")
        }
    }

    func write(_ name: String, int64 value: Int64) throws(CacheError) {
        var value = value
        try replace(name, fileType: ss_H5T_STD_I64LE()) { (attribute) throws(CacheError) in
            try h5check(H5Awrite(attribute, ss_H5T_NATIVE_INT64(), &value), path: path, "write attribute '\(name)'")
        }
    }

    func write(_ name: String, uint8 value: UInt8) throws(CacheError) {
        var value = value
        try replace(name, fileType: ss_H5T_STD_U8LE()) { (attribute) throws(CacheError) in
            try h5check(H5Awrite(attribute, ss_H5T_NATIVE_UINT8(), &value), path: path, "write attribute '\(name)'")
        }
    }

    /// Every attribute as text: strings as they are, integers (and h5py's bool enums) in decimal, floats as
    /// Swift prints them; an array attribute as `[a, b, …]`.
    func readAll() throws(CacheError) -> [String: String] {
        var result: [String: String] = [:]
        for name in try names() { result[name] = try readText(name) }
        return result
    }

    func readText(_ name: String) throws(CacheError) -> String {
        let attribute = try HDF5Handle(H5Aopen(object, name, ss_H5P_DEFAULT()), closer: H5Aclose, path: path,
                                       operation: "open attribute '\(name)'")
        let type = try HDF5Handle(H5Aget_type(attribute.id), closer: H5Tclose, path: path, operation: "get type of '\(name)'")
        let space = try HDF5Handle(H5Aget_space(attribute.id), closer: H5Sclose, path: path, operation: "get space of '\(name)'")
        let count = Int(H5Sget_simple_extent_npoints(space.id))
        let values: [String]
        switch H5Tget_class(type.id) {
        case H5T_STRING:
            values = try HDF5Types.readStrings(count: count, fileType: type.id, path: path, what: "attribute '\(name)'") {
                (memType, buffer) in H5Aread(attribute.id, memType, buffer)
            }
        case H5T_INTEGER, H5T_ENUM:
            values = try readIntegers(attribute.id, type: type.id, count: count, name: name).map { String($0) }
        case H5T_FLOAT:
            var doubles = [Double](repeating: 0, count: count)
            try h5check(H5Aread(attribute.id, ss_H5T_NATIVE_DOUBLE(), &doubles), path: path, "read attribute '\(name)'")
            values = doubles.map { String($0) }
        default:
            values = ["<unsupported HDF5 type class \(H5Tget_class(type.id).rawValue)>"]
        }
        return count == 1 ? values[0] : "[" + values.joined(separator: ", ") + "]"
    }

    func exists(_ name: String) -> Bool { H5Aexists(object, name) > 0 }

    private func names() throws(CacheError) -> [String] {
        final class Names { var list: [String] = [] }
        let names = Names()
        let collect: H5A_operator2_t = { _, name, _, context in
            guard let name, let context else { return -1 }
            Unmanaged<Names>.fromOpaque(context).takeUnretainedValue().list.append(String(cString: name))
            return 0
        }
        var index: hsize_t = 0
        let status = withExtendedLifetime(names) {
            H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, &index, collect, Unmanaged.passUnretained(names).toOpaque())
        }
        try h5check(status, path: path, "list the root attributes")
        return names.list
    }

    /// Integers of any width and sign, and enums (h5py stores `bool` as an int8 enum), widened to Int64.
    private func readIntegers(_ attribute: hid_t, type: hid_t, count: Int, name: String) throws(CacheError) -> [Int64] {
        let native = try HDF5Handle(H5Tget_native_type(type, H5T_DIR_ASCEND), closer: H5Tclose, path: path,
                                    operation: "get native type of '\(name)'")
        let base = H5Tget_class(type) == H5T_ENUM
            ? try HDF5Handle(H5Tget_super(type), closer: H5Tclose, path: path, operation: "get enum base of '\(name)'")
            : nil
        let signed = H5Tget_sign(base?.id ?? type) == H5T_SGN_2
        let width = H5Tget_size(native.id)
        var bytes = [UInt8](repeating: 0, count: count * width)
        try h5check(H5Aread(attribute, native.id, &bytes), path: path, "read attribute '\(name)'")
        return (0..<count).map { i in
            var raw: UInt64 = 0
            for b in 0..<width { raw |= UInt64(bytes[i * width + b]) << (8 * UInt64(b)) }  // native = little-endian here
            let shift = UInt64(64 - 8 * width)
            return signed ? Int64(bitPattern: raw << shift) >> Int64(shift) : Int64(bitPattern: raw)
        }
    }

    /// Deletes `name` if present, then creates it as a scalar of `fileType` and lets `body` write it.
    private func replace(_ name: String, fileType: hid_t, _ body: (hid_t) throws(CacheError) -> Void) throws(CacheError) {
        if exists(name) { try h5check(H5Adelete(object, name), path: path, "replace attribute '\(name)'") }
        let space = try HDF5Handle(H5Screate(H5S_SCALAR), closer: H5Sclose, path: path, operation: "create a scalar space")
        let attribute = try HDF5Handle(H5Acreate2(object, name, fileType, space.id, ss_H5P_DEFAULT(), ss_H5P_DEFAULT()),
                                       closer: H5Aclose, path: path, operation: "create attribute '\(name)'")
        try body(attribute.id)
    }
}
