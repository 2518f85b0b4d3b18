import Foundation
import SpikeEvents

/// The samples of an N-CARS root [Sironi et al. 2018] as its two archives extract: `train/` and `test/` (the
/// official split), each with `background/` and `cars/` holding Prophesee DAT files (`obj_<n>_td.dat`, 100 ms
/// ATIS recordings). Labels follow tonic: background = 0, car = 1. Samples are ordered by split, label, then the
/// number in the file name.
public struct NCARSCatalog: Sendable {
    /// The ATIS sensor the recordings were cut from (tonic's sensor size).
    public static let sensorSize = SensorSize(width: 304, height: 240)
    public static let classNames = ["background", "car"]
    /// The folder of each class in a split folder.
    public static let classFolders = ["background", "cars"]
    public static let splitFolders: [(split: Split, folder: String)] = [(.train, "train"), (.test, "test")]
    static let layout = "N-CARS layout: train|test/background|cars/*.dat"

    public let root: String
    public let samples: [Sample]

    public init(root: String) throws(CatalogError) {
        let root = try DatasetFolder.resolveRoot(root)
        self.root = root
        var samples: [Sample] = []
        for (split, splitFolder) in Self.splitFolders {
            for (label, classFolder) in Self.classFolders.enumerated() {
                let folder = root + "/" + splitFolder + "/" + classFolder
                guard DatasetFolder.isDirectory(folder) else { throw .missingFile(path: folder, expected: Self.layout) }
                let files = try DatasetFolder.entries(folder).filter {
                    $0.lowercased().hasSuffix(".dat") && DatasetFolder.isFile(folder + "/" + $0)
                }
                for file in DatasetFolder.sortedNumerically(files, number: DatasetFolder.firstNumber(in:)) {
                    let id = splitFolder + "/" + classFolder + "/" + file
                    samples.append(Sample(id: id, label: label, split: split, source: .file(path: root + "/" + id)))
                }
            }
            guard samples.contains(where: { $0.split == split }) else {
                throw .noSamples(folder: root + "/" + splitFolder)
            }
        }
        self.samples = samples
    }
}
