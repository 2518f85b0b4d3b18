import CHDF5
import Glibc

/// Reads a 1-D dataset of variable-length strings (`/sample_ids`) from the bytes on disk instead of through
/// libhdf5's variable-length conversion. The strings live in global-heap collections, and libhdf5 1.10 trusts
/// them: a damaged collection made it loop forever (`H5HG__protect`) or copy with a corrupted length
/// (`H5HG_read`) — both found by fuzzing (`Tests/FuzzRegressions/cache`). Here every size, index and offset is
/// checked against the collection and the file before a byte is copied, and damage is a `malformed` error.
///
/// Layouts read this way: chunked without filters (what the cache writer makes) and contiguous (h5py's default).
/// `read` returns nil for any other layout, and the caller uses libhdf5. Callers hold the HDF5 lock.
struct HDF5VariableLengthStrings {
    let dataset: hid_t
    let name: String
    let path: String

    func read(count: Int) throws(CacheError) -> [String]? {
        let format = try fileFormat()
        let descriptorSize = 4 + format.offsetSize + 4  // sequence length, heap collection address, object index
        let file = try RawFile(path: path)
        guard let descriptors = try rawDescriptors(count: count, descriptorSize: descriptorSize, format: format,
                                                   file: file) else { return nil }
        var collections: [UInt64: GlobalHeapCollection] = [:]
        return try (0..<count).map { (row) throws(CacheError) -> String in
            var reader = LittleEndianFields(descriptors, at: row * descriptorSize)
            let length = Int(reader.unsigned(4))
            let address = reader.unsigned(format.offsetSize)
            let index = Int(reader.unsigned(4))
            guard length > 0 else { return "" }
            if collections[address] == nil {
                collections[address] = try GlobalHeapCollection(file: file, at: format.baseAddress &+ address,
                                                                lengthSize: format.lengthSize, what: "'/\(name)'")
            }
            guard let object = collections[address]!.objects[index], length <= object.count else {
                throw .malformed(path: path, reason: "'/\(name)' row \(row) names global-heap object \(index) of "
                                 + "\(length) bytes, which the collection at byte \(address) does not hold")
            }
            return String(decoding: collections[address]!.bytes[object.prefix(length)], as: UTF8.self)
        }
    }

    /// Where addresses count from (the user block's size) and the widths of addresses and lengths in this file.
    private struct FileFormat { var baseAddress: UInt64, offsetSize: Int, lengthSize: Int }

    private func fileFormat() throws(CacheError) -> FileFormat {
        let file = try HDF5Handle(H5Iget_file_id(dataset), closer: H5Fclose, path: path, operation: "find the file of '/\(name)'")
        let fcpl = try HDF5Handle(H5Fget_create_plist(file.id), closer: H5Pclose, path: path,
                                  operation: "get the file's creation properties")
        var offsetSize = 0, lengthSize = 0
        var userBlock: hsize_t = 0
        try h5check(H5Pget_sizes(fcpl.id, &offsetSize, &lengthSize), path: path, "get the address widths")
        try h5check(H5Pget_userblock(fcpl.id, &userBlock), path: path, "get the user block size")
        guard (1...8).contains(offsetSize), (1...8).contains(lengthSize) else {
            throw .malformed(path: path, reason: "address width \(offsetSize) or length width \(lengthSize) is not 1–8 bytes")
        }
        return FileFormat(baseAddress: userBlock, offsetSize: offsetSize, lengthSize: lengthSize)
    }

    /// The `count` on-disk descriptors, zero (an empty string) where no chunk was ever written; nil for layouts
    /// not read here.
    private func rawDescriptors(count: Int, descriptorSize: Int, format: FileFormat,
                                file: RawFile) throws(CacheError) -> [UInt8]? {
        let dcpl = try HDF5Handle(H5Dget_create_plist(dataset), closer: H5Pclose, path: path,
                                  operation: "get the creation properties of '/\(name)'")
        // Both layouts read here store every descriptor raw in the file: a damaged extent that claims more is
        // refused before the buffer is allocated (fuzz-heidelberg: 2^47 rows).
        let (bytes, overflow) = count.multipliedReportingOverflow(by: descriptorSize)
        guard !overflow, UInt64(bytes) <= file.size else {
            throw .malformed(path: path, reason: "'/\(name)' claims \(count) strings, more than the file's \(file.size) "
                             + "bytes can hold; the file is damaged")
        }
        var descriptors = [UInt8](repeating: 0, count: bytes)
        guard count > 0 else { return descriptors }
        switch H5Pget_layout(dcpl.id) {
        case H5D_CONTIGUOUS:
            let address = H5Dget_offset(dataset)
            // HADDR_UNDEF (all bits set): never written, and h5py's fill is empty strings.
            guard address != haddr_t.max else { return descriptors }
            try file.read(into: &descriptors[...], at: format.baseAddress &+ UInt64(address), what: "'/\(name)'")
        case H5D_CHUNKED where H5Pget_nfilters(dcpl.id) == 0:
            var chunkLength: hsize_t = 0
            guard H5Pget_chunk(dcpl.id, 1, &chunkLength) == 1, chunkLength > 0 else { return nil }
            let space = try HDF5Handle(H5Dget_space(dataset), closer: H5Sclose, path: path,
                                       operation: "get the space of '/\(name)'")
            var chunks: hsize_t = 0
            try h5check(H5Dget_num_chunks(dataset, space.id, &chunks), path: path, "count the chunks of '/\(name)'")
            for chunk in 0..<chunks {
                var offset: hsize_t = 0, size: hsize_t = 0, address: haddr_t = 0
                var filterMask: UInt32 = 0
                try h5check(H5Dget_chunk_info(dataset, space.id, chunk, &offset, &filterMask, &address, &size),
                            path: path, "locate chunk \(chunk) of '/\(name)'")
                guard size == chunkLength * hsize_t(descriptorSize), offset % chunkLength == 0 else {
                    throw .malformed(path: path, reason: "chunk \(chunk) of '/\(name)' is \(size) bytes at row \(offset); "
                                     + "rows of \(descriptorSize) bytes in chunks of \(chunkLength) rows were expected")
                }
                guard offset < hsize_t(count) else { continue }
                let rows = min(Int(chunkLength), count - Int(offset))
                let start = Int(offset) * descriptorSize
                try file.read(into: &descriptors[start..<start + rows * descriptorSize], at: format.baseAddress &+ UInt64(address),
                              what: "chunk \(chunk) of '/\(name)'")
            }
        default:
            return nil
        }
        return descriptors
    }
}

/// One global-heap collection ("GCOL", version 1): its bytes and where each object's data lies in them.
private struct GlobalHeapCollection {
    let bytes: [UInt8]
    let objects: [Int: Range<Int>]

    init(file: RawFile, at address: UInt64, lengthSize: Int, what: String) throws(CacheError) {
        let headerSize = 8 + lengthSize
        var header = [UInt8](repeating: 0, count: headerSize)
        try file.read(into: &header[...], at: address, what: "the global heap of \(what)")
        var fields = LittleEndianFields(header, at: 8)
        let size = fields.unsigned(lengthSize)
        guard header.starts(with: Array("GCOL".utf8)), header[4] == 1, size >= UInt64(headerSize),
              address <= file.size, size <= file.size - address else {
            throw .malformed(path: file.path, reason: "the global heap of \(what) at byte \(address) is damaged "
                             + "(no collection signature, an unknown version or a size past the end of the file)")
        }
        var bytes = [UInt8](repeating: 0, count: Int(size))
        try file.read(into: &bytes[...], at: address, what: "the global heap of \(what)")
        var objects: [Int: Range<Int>] = [:]
        var position = headerSize
        let objectHeaderSize = 8 + lengthSize  // index (2), reference count (2), reserved (4), size
        while position + objectHeaderSize <= bytes.count {
            var object = LittleEndianFields(bytes, at: position)
            let index = Int(object.unsigned(2))
            object.skip(6)
            let objectSize = object.unsigned(lengthSize)
            guard index != 0 else { break }  // object 0 is the free space at the end
            let start = position + objectHeaderSize
            guard objectSize <= UInt64(bytes.count - start), objects[index] == nil else {
                throw .malformed(path: file.path, reason: "global-heap object \(index) of \(what) at byte "
                                 + "\(address + UInt64(position)) overruns its collection or repeats an index")
            }
            objects[index] = start..<start + Int(objectSize)
            position = start + (Int(objectSize) + 7) / 8 * 8
        }
        self.bytes = bytes
        self.objects = objects
    }
}

/// Unsigned little-endian fields of 1–8 bytes read in order (the HDF5 file format's byte order).
private struct LittleEndianFields {
    let bytes: [UInt8]
    var position: Int

    init(_ bytes: [UInt8], at position: Int) {
        self.bytes = bytes
        self.position = position
    }

    mutating func unsigned(_ width: Int) -> UInt64 {
        var value: UInt64 = 0
        for i in 0..<width { value |= UInt64(bytes[position + i]) << (8 * i) }
        position += width
        return value
    }

    mutating func skip(_ count: Int) { position += count }
}

/// The cache file opened once more, read-only, for positioned reads checked against its size.
private final class RawFile {
    let path: String
    let size: UInt64
    private let descriptor: Int32

    init(path: String) throws(CacheError) {
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        var status = stat()
        guard descriptor >= 0, fstat(descriptor, &status) == 0 else {
            let reason = String(cString: strerror(errno))
            if descriptor >= 0 { close(descriptor) }
            throw .io(path: path, operation: "open for reading", reason: reason)
        }
        self.path = path
        size = UInt64(status.st_size)
    }

    deinit { close(descriptor) }

    func read(into buffer: inout ArraySlice<UInt8>, at address: UInt64, what: String) throws(CacheError) {
        let count = UInt64(buffer.count)
        guard address <= size, count <= size - address else {
            throw .malformed(path: path, reason: "\(what) at byte \(address) (\(count) bytes) lies past the end of the file")
        }
        let read = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(address)) }
        guard read == buffer.count else {
            throw .io(path: path, operation: "read \(what)", reason: read < 0 ? String(cString: strerror(errno)) : "short read")
        }
    }
}
