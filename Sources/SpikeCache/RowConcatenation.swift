import CHDF5
import Foundation

/// A dataset of a merged cache made of the same dataset in every shard, one shard after the other along the
/// first dimension: either virtual (an HDF5 virtual dataset mapping the shard files, stored by relative
/// path) or copied (the stored chunk bytes themselves when shard boundaries fall on chunk boundaries, else
/// rows in blocks, without type conversion). Callers hold the HDF5 lock.
struct RowConcatenation {
    struct Source {
        let path: String
        let rows: Int
    }

    /// The dataset's path inside each file, e.g. `frames` or `events/t`.
    let name: String
    let sources: [Source]
    /// Called with the index of each source once its rows are in place.
    var sourceDone: (Int) -> Void = { _ in }

    var totalRows: Int { sources.reduce(0) { $0 + $1.rows } }

    /// A virtual dataset in `file` (written to `filePath`) whose source files are named relative to the
    /// folder of `finalPath`, so the merged cache and its shards can move together.
    func createVirtual(in file: hid_t, filePath: String, finalPath: String) throws(CacheError) -> HDF5Dataset {
        let (type, trailing, _) = try layoutOfFirst()
        let dims = [totalRows] + trailing
        let dcpl = try HDF5Handle(H5Pcreate(ss_H5P_DATASET_CREATE()), closer: H5Pclose, path: filePath,
                                  operation: "create a dataset property list")
        // Unmapped elements (none when every shard is found) read as zeros, like an unwritten chunk.
        var zero = [UInt8](repeating: 0, count: H5Tget_size(type.id))
        try h5check(H5Pset_fill_value(dcpl.id, type.id, &zero), path: filePath, "set the fill of '/\(name)'")
        let folder = URL(fileURLWithPath: finalPath).deletingLastPathComponent()
        var base = 0
        for source in sources where source.rows > 0 {
            let virtualSpace = try Self.space(dims, path: filePath)
            try h5check(H5Sselect_hyperslab(virtualSpace.id, H5S_SELECT_SET, ([base] + trailing.map { _ in 0 }).map { hsize_t($0) },
                                            nil, ([source.rows] + trailing).map { hsize_t($0) }, nil),
                        path: filePath, "select rows of '/\(name)' for '\(source.path)'")
            let sourceSpace = try Self.space([source.rows] + trailing, path: filePath)
            let relative = Self.relativePath(of: source.path, from: folder)
            try h5check(H5Pset_virtual(dcpl.id, virtualSpace.id, relative, "/" + name, sourceSpace.id), path: filePath,
                        "map '/\(name)' of '\(relative)'")
            base += source.rows
        }
        sources.indices.forEach(sourceDone)
        return try HDF5Dataset(createIn: file, name: name, path: filePath, fileType: type.id, dims: dims, unlimited: false,
                               dcpl: dcpl.id)
    }

    /// A real dataset in `file` with the first shard's type, chunking and filters, holding every shard's rows.
    func createCopy(in file: hid_t, filePath: String) throws(CacheError) -> HDF5Dataset {
        let (type, trailing, first) = try layoutOfFirst()
        let dcpl = try first.creationProperties()
        let target = try HDF5Dataset(createIn: file, name: name, path: filePath, fileType: type.id,
                                     dims: [totalRows] + trailing, unlimited: true, dcpl: dcpl.id)
        let chunk = try first.chunkDims()
        var base = 0
        var buffer: [UInt8] = []
        for (index, source) in sources.enumerated() {
            defer { sourceDone(index) }
            let dataset = try HDF5Dataset(readOnly: name, inFile: source.path)
            if let chunk, Array(chunk.dropFirst()) == trailing, base % chunk[0] == 0 {
                try copyChunks(from: dataset, rows: source.rows, chunkRows: chunk[0], to: target, at: base, buffer: &buffer)
            } else {
                try copyRows(from: dataset, rows: source.rows, type: type.id, trailing: trailing, to: target, at: base,
                             buffer: &buffer)
            }
            base += source.rows
        }
        return target
    }

    /// Copies the stored (compressed) bytes of every allocated chunk; unallocated chunks stay fill.
    private func copyChunks(from source: HDF5Dataset, rows: Int, chunkRows: Int, to target: HDF5Dataset, at base: Int,
                            buffer: inout [UInt8]) throws(CacheError) {
        let zeros = [hsize_t](repeating: 0, count: try source.extent().count - 1)
        for row in stride(from: 0, to: rows, by: chunkRows) {
            let offset = [hsize_t(row)] + zeros
            var size: hsize_t = 0
            try h5check(H5Dget_chunk_storage_size(source.id, offset, &size), path: source.path, "find the chunk at row \(row)")
            guard size > 0 else { continue }
            if buffer.count < Int(size) { buffer = [UInt8](repeating: 0, count: Int(size)) }
            var mask: UInt32 = 0
            try h5check(H5Dread_chunk(source.id, ss_H5P_DEFAULT(), offset, &mask, &buffer), path: source.path,
                        "read the chunk at row \(row) of '/\(name)'")
            try h5check(H5Dwrite_chunk(target.id, ss_H5P_DEFAULT(), mask, [hsize_t(base + row)] + zeros, Int(size), buffer),
                        path: target.path, "write the chunk at row \(base + row) of '/\(name)'")
        }
    }

    /// Copies rows in blocks of about 16 MB, in the file type (no conversion).
    private func copyRows(from source: HDF5Dataset, rows: Int, type: hid_t, trailing: [Int], to target: HDF5Dataset,
                          at base: Int, buffer: inout [UInt8]) throws(CacheError) {
        let rowBytes = max(1, trailing.reduce(H5Tget_size(type), *))
        let block = max(1, (16 << 20) / rowBytes)
        for start in stride(from: 0, to: rows, by: block) {
            let count = min(block, rows - start)
            if buffer.count < count * rowBytes { buffer = [UInt8](repeating: 0, count: count * rowBytes) }
            let shape = ([count] + trailing).map { hsize_t($0) }
            let memory = try Self.space([count] + trailing, path: source.path)
            let from = try Self.selection(of: source, rows: start, shape: shape)
            try h5check(H5Dread(source.id, type, memory.id, from.id, ss_H5P_DEFAULT(), &buffer), path: source.path,
                        "read rows \(start)..<\(start + count) of '/\(name)'")
            let to = try Self.selection(of: target, rows: base + start, shape: shape)
            try h5check(H5Dwrite(target.id, type, memory.id, to.id, ss_H5P_DEFAULT(), buffer), path: target.path,
                        "write rows \(base + start)..<\(base + start + count) of '/\(name)'")
        }
    }

    /// The file type, the dimensions after the first, and the dataset of the first shard.
    private func layoutOfFirst() throws(CacheError) -> (HDF5Handle, [Int], HDF5Dataset) {
        let first = try HDF5Dataset(readOnly: name, inFile: sources[0].path)
        return (try first.fileType(), Array(try first.extent().dropFirst()), first)
    }

    private static func space(_ dims: [Int], path: String) throws(CacheError) -> HDF5Handle {
        try HDF5Handle(H5Screate_simple(Int32(dims.count), dims.map { hsize_t($0) }, nil), closer: H5Sclose, path: path,
                       operation: "create a dataspace")
    }

    private static func selection(of dataset: HDF5Dataset, rows start: Int, shape: [hsize_t]) throws(CacheError) -> HDF5Handle {
        let space = try HDF5Handle(H5Dget_space(dataset.id), closer: H5Sclose, path: dataset.path,
                                   operation: "get the space of '/\(dataset.name)'")
        try h5check(H5Sselect_hyperslab(space.id, H5S_SELECT_SET, [hsize_t(start)] + shape.dropFirst().map { _ in 0 }, nil,
                                        shape, nil),
                    path: dataset.path, "select rows of '/\(dataset.name)'")
        return space
    }

    /// `file` relative to `folder` (`../` where needed), after resolving both to absolute paths.
    static func relativePath(of file: String, from folder: URL) -> String {
        let target = URL(fileURLWithPath: file).standardizedFileURL.resolvingSymlinksInPath().pathComponents
        let base = folder.standardizedFileURL.resolvingSymlinksInPath().pathComponents
        var common = 0
        while common < min(target.count - 1, base.count), target[common] == base[common] { common += 1 }
        let up = [String](repeating: "..", count: base.count - common)
        return (up + target[common...]).joined(separator: "/")
    }
}
