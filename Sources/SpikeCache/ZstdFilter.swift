import CHDF5
import Foundation

/// The zstd HDF5 filter (id 32015, cd_values[0] = level), registered in this process from libzstd so no plugin
/// path is needed. Its byte format is a plain zstd frame per chunk, as hdf5plugin's `Zstd()` writes, so h5py
/// reads our caches and we read theirs (including frames without a recorded size, decoded by streaming).
public enum ZstdFilter {
    /// Registers the filter with libhdf5. Idempotent and thread-safe; every cache operation calls it first.
    public static func register() {
        HDF5Library.prepare()
    }

    /// Whether libhdf5 in this process can apply the zstd filter.
    public static var isAvailable: Bool {
        HDF5Library.locked { H5Zfilter_avail(H5Z_filter_t(CacheLayout.zstdFilterID)) > 0 }
    }

    /// Called once by `HDF5Library`'s bootstrap, holding the HDF5 lock.
    static func install() -> herr_t {
        var filterClass = H5Z_class2_t(
            version: ss_H5Z_CLASS_T_VERS(), id: H5Z_filter_t(CacheLayout.zstdFilterID),
            encoder_present: 1, decoder_present: 1,
            name: UnsafePointer(strdup("zstd (libzstd, SpikeStream)")),  // libhdf5 keeps this pointer: never freed
            can_apply: nil, set_local: nil, filter: filterFunction)
        return H5Zregister(&filterClass)
    }

    /// The filter callback: replaces `*buffer` with its (de)compressed bytes and returns their size, or 0 on
    /// failure (libhdf5's convention, which then reports a filter error).
    private static let filterFunction: H5Z_func_t = { flags, cdCount, cdValues, inputSize, bufferSize, buffer in
        guard let bufferSize, let buffer, let input = buffer.pointee else { return 0 }
        let source = UnsafeRawBufferPointer(start: input, count: inputSize)
        let result: [UInt8]
        do {
            if flags & ss_H5Z_FLAG_REVERSE() != 0 {
                result = try Zstd.decompress(source)
            } else {
                let level = cdCount > 0 ? Int32(bitPattern: cdValues![0]) : Zstd.defaultLevel
                result = try Zstd.compress(source, level: level)
            }
        } catch {
            return 0
        }
        guard let output = H5allocate_memory(max(result.count, 1), false) else { return 0 }
        result.withUnsafeBytes { output.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        H5free_memory(input)
        buffer.pointee = output
        bufferSize.pointee = result.count
        return result.count
    }
}
