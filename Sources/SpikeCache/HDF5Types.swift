import CHDF5
import SpikeEvents

/// HDF5 datatypes of the cache and string (de)serialisation shared by attributes and `/sample_ids`.
/// Callers hold the HDF5 lock.
enum HDF5Types {
    /// A new variable-length, NUL-terminated UTF-8 string type (what h5py uses for `str`). Caller closes it.
    static func utf8String() -> hid_t {
        let type = H5Tcopy(ss_H5T_C_S1())
        guard type >= 0 else { return type }
        if H5Tset_size(type, ss_H5T_VARIABLE()) < 0 || H5Tset_cset(type, H5T_CSET_UTF8) < 0
            || H5Tset_strpad(type, H5T_STR_NULLTERM) < 0 {
            H5Tclose(type)
            return -1
        }
        return type
    }

    /// A fixed-length UTF-8 string type of `byteCount` bytes (at least 1), NUL-padded; what string attributes are
    /// stored as, so that reading them never goes through the global heap (see `HDF5VariableLengthStrings`).
    /// Caller closes it.
    static func fixedUTF8String(byteCount: Int) -> hid_t {
        let type = H5Tcopy(ss_H5T_C_S1())
        guard type >= 0 else { return type }
        if H5Tset_size(type, max(byteCount, 1)) < 0 || H5Tset_cset(type, H5T_CSET_UTF8) < 0
            || H5Tset_strpad(type, H5T_STR_NULLPAD) < 0 {
            H5Tclose(type)
            return -1
        }
        return type
    }

    /// The file type used for frames of `dtype` (little-endian, as h5py's numpy dtypes `<u1`, `<u2`, `<f4`).
    static func fileType(_ dtype: FrameDType) -> hid_t {
        switch dtype {
        case .uint8: ss_H5T_STD_U8LE()
        case .uint16: ss_H5T_STD_U16LE()
        case .float32: ss_H5T_IEEE_F32LE()
        }
    }

    static func nativeType(_ dtype: FrameDType) -> hid_t {
        switch dtype {
        case .uint8: ss_H5T_NATIVE_UINT8()
        case .uint16: ss_H5T_NATIVE_UINT16()
        case .float32: ss_H5T_NATIVE_FLOAT()
        }
    }

    /// The frame dtype stored in `type`, or nil if it is not one of uint8, uint16, float32 (any byte order).
    static func frameDType(of type: hid_t) -> FrameDType? {
        switch (H5Tget_class(type), H5Tget_size(type)) {
        case (H5T_INTEGER, 1) where H5Tget_sign(type) == H5T_SGN_NONE: .uint8
        case (H5T_INTEGER, 2) where H5Tget_sign(type) == H5T_SGN_NONE: .uint16
        case (H5T_FLOAT, 4): .float32
        default: nil
        }
    }

    /// Reads `count` strings of string type `fileType` through `read(memType, buffer)`, which is H5Aread or
    /// H5Dread. Handles both variable-length strings (h5py's default) and fixed-length ones.
    static func readStrings(count: Int, fileType: hid_t, path: String, what: String,
                            read: (hid_t, UnsafeMutableRawPointer) -> herr_t) throws(CacheError) -> [String] {
        if H5Tis_variable_str(fileType) > 0 {
            let memType = try HDF5Handle(utf8String(), closer: H5Tclose, path: path, operation: "create a string type")
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            try h5check(pointers.withUnsafeMutableBytes { read(memType.id, $0.baseAddress!) }, path: path, "read \(what)")
            let strings = pointers.map { $0.map { String(cString: $0) } ?? "" }
            let space = try HDF5Handle(H5Screate_simple(1, [hsize_t(max(count, 1))], nil), closer: H5Sclose, path: path,
                                       operation: "create a memory space")
            if count > 0 {
                _ = pointers.withUnsafeMutableBytes { H5Dvlen_reclaim(memType.id, space.id, ss_H5P_DEFAULT(), $0.baseAddress!) }
            }
            return strings
        }
        let width = H5Tget_size(fileType)
        let memType = try HDF5Handle(H5Tcopy(fileType), closer: H5Tclose, path: path, operation: "copy a string type")
        var bytes = [UInt8](repeating: 0, count: max(count * width, 1))
        try h5check(bytes.withUnsafeMutableBytes { read(memType.id, $0.baseAddress!) }, path: path, "read \(what)")
        return (0..<count).map { i in
            let field = bytes[i * width..<(i + 1) * width]
            let end = field.firstIndex(of: 0) ?? field.endIndex
            var text = String(decoding: field[field.startIndex..<end], as: UTF8.self)
            while text.hasSuffix(" ") { text.removeLast() }  // H5T_STR_SPACEPAD
            return text
        }
    }
}
