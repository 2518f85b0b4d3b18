import Foundation
import SpikeEvents

/// The samples of an N-MNIST dataset root in the original archive layout: `Train/<digit>/<index>.bin` and
/// `Test/<digit>/<index>.bin` (SLAYER's `.bs2` naming is accepted too). Samples are ordered by split
/// (train first), label, then the file's numeric index, so the order is the same on every file system.
public struct NMNISTCatalog: Sendable {
    public static let sensorSize = SensorSize.nmnist
    /// Folder name of each split in the archive.
    public static let splitFolders: [(split: Split, folder: String)] = [(.train, "Train"), (.test, "Test")]
    public static let fileExtensions: Set<String> = ["bin", "bs2"]

    /// The absolute, standardized dataset root.
    public let root: String
    public let samples: [Sample]

    /// Lists the samples of the requested splits. Hidden entries and files with other extensions are
    /// skipped; any other deviation from the archive layout is a `CatalogError`.
    public init(root: String, splits: Set<Split> = [.train, .test]) throws(CatalogError) {
        let fm = FileManager.default
        let absolute = root.hasPrefix("/") ? root : fm.currentDirectoryPath + "/" + root
        self.root = URL(fileURLWithPath: absolute).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: self.root, isDirectory: &isDirectory) else { throw .rootNotFound(path: self.root) }
        guard isDirectory.boolValue else { throw .rootNotDirectory(path: self.root) }
        let available = Self.splitFolders.map(\.split)
        if let missing = splits.subtracting(available).sorted(by: { $0.rawValue < $1.rawValue }).first {
            throw .unsupportedSplit(split: missing.description, available: available.map(\.description))
        }

        var samples: [Sample] = []
        for (split, folder) in Self.splitFolders where splits.contains(split) {
            samples += try Self.samples(root: self.root, folder: folder, split: split)
        }
        self.samples = samples
    }

    /// The samples of one split, in catalog order.
    public func samples(in split: Split) -> [Sample] { samples.filter { $0.split == split } }

    private static func samples(root: String, folder: String, split: Split) throws(CatalogError) -> [Sample] {
        let splitPath = root + "/" + folder
        guard isDirectory(splitPath) else { throw .missingSplitFolder(root: root, folder: folder) }
        var found: [(label: Int, index: Int?, name: String)] = []
        for classFolder in try visibleEntries(splitPath) {
            let classPath = splitPath + "/" + classFolder
            guard isDirectory(classPath) else { continue }  // stray files (e.g. a README) are not classes
            guard classFolder.count == 1, let label = Int(classFolder) else {
                throw .unexpectedClassFolder(path: classPath)
            }
            for name in try visibleEntries(classPath) {
                let ext = (name as NSString).pathExtension.lowercased()
                guard fileExtensions.contains(ext), !isDirectory(classPath + "/" + name) else { continue }
                found.append((label, Int((name as NSString).deletingPathExtension), name))
            }
        }
        guard !found.isEmpty else { throw .noSamples(folder: splitPath) }
        // Numeric index order (so 9.bs2 precedes 10.bs2); names without a number follow, by name.
        found.sort { a, b in
            if a.label != b.label { return a.label < b.label }
            switch (a.index, b.index) {
            case let (i?, j?) where i != j: return i < j
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.name < b.name
            }
        }
        return found.map { f in
            let id = "\(folder)/\(f.label)/\(f.name)"
            return Sample(id: id, label: f.label, split: split, source: .file(path: root + "/" + id))
        }
    }

    private static func visibleEntries(_ path: String) throws(CatalogError) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: path).filter { !$0.hasPrefix(".") }
        } catch {
            throw .unreadable(path: path, reason: readableReason(error))
        }
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
