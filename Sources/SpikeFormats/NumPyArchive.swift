import Foundation
import SpikeEvents

/// NumPy `.npz` archives (a zip of `.npy` arrays, as `numpy.savez` writes them), read and written whole: the
/// gradient cases and results of `spikestream grad` are a few kilobytes.
public enum NumPyArchive {
    /// Every array of the archive at `path`, by name (the member name without `.npy`).
    public static func read(path: String) throws(NumPyArchiveError) -> [String: NumPyArray] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .io(path: path, reason: FileManager.default.fileExists(atPath: path) ? "it cannot be read" : "it does not exist")
        }
        return try read(bytes: [UInt8](data), path: path)
    }

    public static func read(bytes: [UInt8], path: String) throws(NumPyArchiveError) -> [String: NumPyArray] {
        var arrays: [String: NumPyArray] = [:]
        for member in try StoredZip.members(of: bytes, path: path) {
            let name = member.name.hasSuffix(".npy") ? String(member.name.dropLast(4)) : member.name
            arrays[name] = try NPYCoding.decode(bytes, member.data, member: name, path: path)
        }
        return arrays
    }

    /// Writes `arrays` (in name order, float64 or int64) to `path`, replacing it: first to `path.partial`, then
    /// renamed, so a reader never sees half a file.
    public static func write(_ arrays: [String: NumPyArray], to path: String) throws(NumPyArchiveError) {
        let members = arrays.keys.sorted().map { (name: $0 + ".npy", bytes: NPYCoding.encode(arrays[$0]!)) }
        let partial = path + ".partial"
        do {
            try Data(StoredZip.archive(members)).write(to: URL(fileURLWithPath: partial))
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: partial, toPath: path)
        } catch {
            throw .io(path: path, reason: readableReason(error))
        }
    }
}
