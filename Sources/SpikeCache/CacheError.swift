import Foundation

/// Why a cache could not be opened, read or written. Every case names the file so the user knows which cache
/// to delete or regenerate.
public enum CacheError: Error, CustomStringConvertible, Equatable {
    case fileMissing(path: String)
    /// `complete` is false: the writer was interrupted before it finished.
    case incomplete(path: String)
    case wrongFormat(path: String, found: String)
    case unsupportedFormatVersion(path: String, found: Int)
    case keyMismatch(path: String, expected: String, found: String)
    case malformed(path: String, reason: String)
    case hdf5(path: String, operation: String, detail: String)
    case io(path: String, operation: String, reason: String)
    case compression(reason: String)
    case invalidSample(id: String, reason: String)
    case invalidConfiguration(reason: String)
    case indexOutOfRange(path: String, index: Int, count: Int)
    case writerClosed(path: String)
    /// Another writer (`holder`: "this process" or "process N") is building the cache whose partial file is `path`.
    case busy(path: String, holder: String)
    /// `spikestream merge` found shards that do not form one complete set.
    case mergeRefused(reason: String)
    /// A merged (virtual) cache whose `/frames` maps a shard file that is not where it points.
    case virtualSourceMissing(path: String, source: String)
    /// The cache has no `/events` group (it was built without `--store-events`).
    case noEvents(path: String)
    /// A dataset's own HDF5 file (SHD/SSC) lacks what its layout needs.
    case badDatasetFile(path: String, reason: String)

    public var description: String {
        switch self {
        case .fileMissing(let path):
            "cache '\(path)' does not exist. Run `spikestream preprocess` to build it."
        case .incomplete(let path):
            "cache '\(path)' is incomplete (attribute complete=false): its writer was interrupted. "
                + "Rerun `spikestream preprocess` with the same settings to resume it, or delete the file."
        case .wrongFormat(let path, let found):
            "'\(path)' is not a SpikeStream cache (attribute format is '\(found)', expected '\(CacheLayout.formatName)')."
        case .unsupportedFormatVersion(let path, let found):
            "cache '\(path)' has format_version \(found); this build reads version \(CacheLayout.formatVersion). "
                + "Rebuild the cache with this version of spikestream."
        case .keyMismatch(let path, let expected, let found):
            "cache '\(path)' was built with different settings (cache_key \(found), expected \(expected)). "
                + "Rebuild it with `spikestream preprocess`, or point to the cache built with these settings."
        case .malformed(let path, let reason):
            "cache '\(path)' is malformed: \(reason). Delete it and rebuild it."
        case .badDatasetFile(let path, let reason):
            "'\(path)' is not a usable dataset file: \(reason); check that it is the dataset's own file, fully "
                + "downloaded and extracted"
        case .hdf5(let path, let operation, let detail):
            // libhdf5's own stack names its internals (H5T__path_find_real…), which tell a user nothing: it is
            // shown only on request.
            "cannot \(operation) in '\(path)': the file is damaged, or is not the kind of file this command reads"
                + (ProcessInfo.processInfo.environment["SPIKESTREAM_DEBUG"] == nil
                   ? " (SPIKESTREAM_DEBUG=1 shows the HDF5 library's report)." : ". HDF5 library: \(detail).")
        case .io(let path, let operation, let reason):
            "cannot \(operation) '\(path)': \(reason). Check free disk space and permissions."
        case .compression(let reason):
            "zstd failed: \(reason)."
        case .invalidSample(let id, let reason):
            "sample '\(id)' cannot be cached: \(reason)."
        case .invalidConfiguration(let reason):
            "invalid cache configuration: \(reason)."
        case .indexOutOfRange(let path, let index, let count):
            "sample index \(index) is out of range for cache '\(path)' with \(count) samples."
        case .writerClosed(let path):
            "the cache writer for '\(path)' is already finished or failed; open a new writer."
        case .busy(let path, let holder):
            "another writer (\(holder)) is building '\(path)' right now. Wait for it to finish or stop it, then rerun "
                + "(an interrupted run resumes), or write to another output path."
        case .mergeRefused(let reason):
            "cannot merge the shards: \(reason)."
        case .virtualSourceMissing(let path, let source):
            "merged cache '\(path)' reads its frames from shard file '\(source)', which is missing. Keep the shard "
                + "files beside the merged cache (move the folder as a whole), or merge again with --copy for one "
                + "self-contained file."
        case .noEvents(let path):
            "cache '\(path)' stores frames only, no events (/events): augmentations after the cache need each "
                + "sample's events. Re-run `spikestream preprocess` with the same options plus --store-events "
                + "(it writes a new cache; the flag is part of the cache key)."
        }
    }
}
