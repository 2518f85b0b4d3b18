import Foundation
import SpikeCache
import SpikeEvents

/// The samples of an SHD or SSC root (the Heidelberg spiking datasets, Cramer et al. 2020): the official split
/// files `<prefix>_train.h5`, `<prefix>_test.h5` and, for SSC, `<prefix>_valid.h5`, as their archives extract.
/// Sample k of a file is row k (`SampleSource.row`, id `<file>#k`); the class names are the files' `extra/keys`,
/// which must agree between files. Samples are ordered by split (train, test, validation), then row.
public struct HeidelbergSpikesCatalog: Sendable {
    public let root: String
    public let classNames: [String]
    public let samples: [Sample]

    /// `prefix` is `shd` or `ssc`; `validation` says whether a `_valid.h5` file belongs to the layout.
    public init(root: String, prefix: String, validation: Bool) throws(CatalogError) {
        let root = try DatasetFolder.resolveRoot(root)
        self.root = root
        let files: [(split: Split, name: String)] = [(.train, "\(prefix)_train.h5"), (.test, "\(prefix)_test.h5")]
            + (validation ? [(.validation, "\(prefix)_valid.h5")] : [])
        let layout = files.map(\.name).joined(separator: ", ") + " (spikes/times, spikes/units, labels, extra/keys)"
        var samples: [Sample] = []
        var classNames: [String]?
        for (split, name) in files {
            let path = root + "/" + name
            guard DatasetFolder.isFile(path) else { throw .missingFile(path: path, expected: layout) }
            let file: HeidelbergSpikesFile
            do { file = try HeidelbergSpikesFile(path: path) } catch {
                if case let .badDatasetFile(_, reason) = error { throw .badArchiveFile(path: path, reason: reason) }
                throw .badArchiveFile(path: path, reason: error.description)
            }
            if let classNames, classNames != file.classNames {
                throw .badArchiveFile(path: path, reason: "its extra/keys (\(file.classNames.count) classes) "
                                         + "differ from those of \(files[0].name) (\(classNames.count)); the files are "
                                         + "from different datasets or releases")
            }
            classNames = file.classNames
            samples += file.labels.enumerated().map { row, label in
                Sample(id: "\(name)#\(row)", label: label, split: split, source: .row(path: path, index: row))
            }
        }
        self.classNames = classNames ?? []
        self.samples = samples
    }

    /// What `DatasetDescriptor.shd` and `.ssc` list: the catalog, its class names, the row loader, the split rule.
    static func contents(_ settings: DatasetSettings, prefix: String, validation: Bool) throws -> DatasetContents {
        let catalog = try HeidelbergSpikesCatalog(root: settings.root, prefix: prefix, validation: validation)
        return DatasetContents(samples: catalog.samples, classNames: catalog.classNames, loader: loader,
                               attributes: ["split_rule": splitRule(prefix: prefix, validation: validation)])
    }

    static func splitRule(prefix: String, validation: Bool) -> String {
        "official " + (["train"] + (validation ? ["valid"] : []) + ["test"]).map { "\(prefix)_\($0).h5" }
            .joined(separator: " / ")
    }

    /// Decodes each sample from its row.
    public static let loader = SampleLoader(sensor: HeidelbergSpikesFile.sensorSize, decoder: .samples { source in
        guard case let .row(path, index) = source else {
            throw CacheError.badDatasetFile(path: source.path, reason: "an SHD/SSC sample is a row of an HDF5 file")
        }
        return try HeidelbergSpikesFile.events(path: path, sample: index)
    })
}
