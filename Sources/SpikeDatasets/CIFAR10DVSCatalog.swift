import Foundation
import SpikeEvents

/// The samples of a CIFAR10-DVS root in the original archive layout: ten class folders `airplane` … `truck`,
/// each with `cifar10_<class>_<n>.aedat` (jAER AEDAT 2.0, DVS128). The dataset has no official split, so a
/// `StratifiedSplit` assigns train/test per class. Files are ordered by class, then by `<n>` numerically (names
/// without a number follow by name), so ids, labels and splits are the same on every file system.
public struct CIFAR10DVSCatalog: Sendable {
    public static let sensorSize = SensorSize.dvs128
    public static let classNames = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship",
                                    "truck"]

    public let root: String
    public let split: StratifiedSplit
    public let samples: [Sample]

    public init(root: String, split: StratifiedSplit) throws(CatalogError) {
        self.root = try DatasetFolder.resolveRoot(root)
        self.split = split
        var samples: [Sample] = []
        for (label, name) in Self.classNames.enumerated() {
            let folder = self.root + "/" + name
            guard DatasetFolder.isDirectory(folder) else {
                throw .missingFile(path: folder, expected: "CIFAR10-DVS archive layout: one folder per class, "
                                       + Self.classNames.joined(separator: ", ") + ", each holding cifar10_<class>_<n>.aedat")
            }
            let files = try Self.orderedFiles(in: folder, className: name)
            guard !files.isEmpty else {
                throw .missingFile(path: folder + "/cifar10_\(name)_0.aedat",
                                   expected: "CIFAR10-DVS layout ROOT/<class>/cifar10_<class>_<n>.aedat; '\(folder)' "
                                       + "has no .aedat files")
            }
            for (file, assigned) in zip(files, split.splits(count: files.count, classIndex: label)) {
                let id = name + "/" + file
                samples.append(Sample(id: id, label: label, split: assigned, source: .file(path: self.root + "/" + id)))
            }
        }
        self.samples = samples
    }

    public func samples(in split: Split) -> [Sample] { samples.filter { $0.split == split } }

    private static func orderedFiles(in folder: String, className: String) throws(CatalogError) -> [String] {
        let prefix = "cifar10_\(className)_"
        let files = try DatasetFolder.entries(folder).filter {
            $0.lowercased().hasSuffix(".aedat") && DatasetFolder.isFile(folder + "/" + $0)
        }
        func number(_ name: String) -> Int? {
            name.hasPrefix(prefix) ? Int(name.dropFirst(prefix.count).dropLast(".aedat".count)) : nil
        }
        return DatasetFolder.sortedNumerically(files, number: number)
    }
}
