import Foundation
import SpikeCache
import SpikeEvents

/// What identifies a dataset's contents in the cache key: its name, sensor, reader version, and a digest of
/// every sample's id, label, split and file size, and the options that change the contents (split rule,
/// orientation). Moving the dataset root keeps the key; adding, removing,
/// relabelling or replacing (by size) a file changes it.
public struct DatasetIdentity: Codable, Hashable, Sendable {
    public var name: String
    public var sensor: SensorSize
    public var reader: String
    public var sampleCount: Int
    public var samplesDigest: String
    /// Choices that change the contents: split rule, orientation convention, …
    public var options: [String: String]

    public init(name: String, sensor: SensorSize, reader: String, samples: [Sample], options: [String: String] = [:]) {
        self.name = name
        self.sensor = sensor
        self.reader = reader
        sampleCount = samples.count
        self.options = options
        var sha = SHA256()
        for s in samples {
            // stat(2) directly: FileManager.attributesOfItem also reads xattrs and the owner's name, which made
            // this serial pass over every file a visible part of a preprocess run.
            var info = stat()
            let size = stat(s.source.path, &info) == 0 ? Int(info.st_size) : -1
            sha.update("\(s.id)\t\(s.label)\t\(s.split.rawValue)\t\(size)\n".utf8)
        }
        samplesDigest = SHA256.hex(sha.finalize())
    }
}
