import Foundation
import SpikeEvents

/// The samples of an N-Caltech101 root in the archive's layout: `Caltech101/<class>/image_<n>.bin` (N-MNIST's
/// 5-byte ATIS records), the root being `Caltech101/` or the folder holding it. The classes are the class
/// folders found, sorted by name byte-wise as tonic's `os.walk` with `dirs.sort()` lists them (101 object
/// classes and `BACKGROUND_Google` in the published archive), so label k is the k-th folder. The dataset has
/// no official split (tonic offers none): a `StratifiedSplit` assigns train/test per class, as for CIFAR10-DVS.
/// Files are ordered by class, then by the number in their name.
public struct NCaltech101Catalog: Sendable {
    /// The ATIS recordings fit in 240 × 180 (tonic gives the largest extent seen, 233 × 173).
    public static let sensorSize = SensorSize(width: 240, height: 180)
    public static let archiveFolder = "Caltech101"
    static let layout = "N-Caltech101 layout: Caltech101/<class>/image_<n>.bin, one folder per class"

    public let root: String
    public let classNames: [String]
    public let samples: [Sample]

    public init(root: String, split: StratifiedSplit) throws(CatalogError) {
        var folder = try DatasetFolder.resolveRoot(root)
        if DatasetFolder.isDirectory(folder + "/" + Self.archiveFolder) { folder += "/" + Self.archiveFolder }
        self.root = folder
        // Byte-wise (Python's) order, not String's: upper-case folders such as BACKGROUND_Google come first.
        let classes = try DatasetFolder.entries(folder).filter { DatasetFolder.isDirectory(folder + "/" + $0) }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        guard !classes.isEmpty else {
            throw .missingFile(path: folder + "/<class>", expected: Self.layout)
        }
        var samples: [Sample] = []
        for (label, name) in classes.enumerated() {
            let files = try DatasetFolder.entries(folder + "/" + name).filter {
                $0.lowercased().hasSuffix(".bin") && DatasetFolder.isFile(folder + "/" + name + "/" + $0)
            }
            guard !files.isEmpty else {
                throw .missingFile(path: folder + "/" + name + "/image_0001.bin",
                                   expected: Self.layout + "; '\(name)' has no .bin files")
            }
            let ordered = DatasetFolder.sortedNumerically(files, number: DatasetFolder.firstNumber(in:))
            for (file, assigned) in zip(ordered, split.splits(count: ordered.count, classIndex: label)) {
                let id = name + "/" + file
                samples.append(Sample(id: id, label: label, split: assigned, source: .file(path: folder + "/" + id)))
            }
        }
        classNames = classes
        self.samples = samples
    }
}
