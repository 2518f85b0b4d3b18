import Foundation
import SpikeDatasets

/// Downloads a dataset's archives into `ROOT.archives/`, verifies them, unpacks them (and the archives inside them)
/// into `ROOT.partial/`, finds the folder holding the layout and renames it to `ROOT` as the last step, so `ROOT`
/// either does not exist or holds the whole layout: an interrupted or failed run leaves nothing `preprocess` accepts.
public struct DatasetInstaller: Sendable {
    public var source: DatasetSource
    /// The folder the layout ends up in (what `preprocess --root` is given).
    public var root: String
    public var downloader: HTTPDownloader
    /// Keep the downloaded archives after a successful install (by default they are deleted).
    public var keepArchives: Bool

    public init(source: DatasetSource, root: String, downloader: HTTPDownloader = HTTPDownloader(),
                keepArchives: Bool = false) {
        self.source = source
        self.root = URL(fileURLWithPath: root).standardizedFileURL.path
        self.downloader = downloader
        self.keepArchives = keepArchives
    }

    public var archiveFolder: String { root + ".archives" }
    public var stagingFolder: String { root + ".partial" }

    public struct Report: Sendable, Equatable {
        public var root: String
        public var files: Int
        public var bytes: Int64
        /// Archives given with `--from-archive` whose checksum no published one matched (a bundle or a repack).
        public var unverified: [String]
    }

    /// Refuses a `ROOT` that already holds something, before anything is fetched.
    public func checkRootIsFree() throws(DownloadError) {
        let fm = FileManager.default
        guard fm.fileExists(atPath: root) else { return }
        let entries = (try? fm.contentsOfDirectory(atPath: root)) ?? ["?"]
        guard entries.isEmpty else { throw .rootExists(path: root) }
    }

    /// Fetches every archive not already downloaded and verified; returns their paths.
    public func download(progress: @escaping @Sendable (DownloadProgress) -> Void) async throws(DownloadError)
        -> [String] {
        try ArchivePath.makeFolder(archiveFolder)
        var paths: [String] = []
        for file in source.files {
            let path = archiveFolder + "/" + file.name
            if FileManager.default.fileExists(atPath: path) {  // complete from an earlier run: check it again
                do {
                    if let checksum = file.checksum { try ChecksumVerifier.verify(path, expected: checksum) }
                    paths.append(path)
                    continue
                } catch .checksumMismatch {}  // deleted: fetch it anew
            }
            guard let url = URL(string: file.url) else {
                throw .httpStatus(url: file.url, status: 0, file: file.name, dataset: source.name, root: root)
            }
            do {
                try await downloader.fetch(url, to: path, name: file.name, progress: progress)
            } catch {
                removeArchiveFolderIfEmpty()
                switch error {
                case .unreachable(let reason):
                    throw .unreachable(url: file.url, reason: reason, file: file.name, dataset: source.name, root: root)
                case .interrupted(let reason):
                    throw .interrupted(url: file.url, reason: reason, partial: path + ".partial")
                case .status(let status):
                    throw .httpStatus(url: file.url, status: status, file: file.name, dataset: source.name, root: root)
                case .fileSystem(let path, let reason):
                    throw .fileSystem(path: path, reason: reason)
                }
            }
            if let checksum = file.checksum { try ChecksumVerifier.verify(path, expected: checksum) }
            paths.append(path)
        }
        return paths
    }

    /// Verifies archives a person downloaded (`--from-archive`): by name when it is one of the dataset's files, else
    /// by digest against every published checksum; an archive nothing matches is taken as a bundle (its inner
    /// archives are verified when unpacked) and listed in the report as unverified.
    public func verifyGiven(_ paths: [String]) throws(DownloadError) -> (paths: [String], unverified: [String]) {
        var unverified: [String] = []
        for path in paths {
            guard FileManager.default.fileExists(atPath: path) else {
                throw .unreadable(path: path, reason: "no such file")
            }
            let name = (path as NSString).lastPathComponent
            if let known = knownArchives.first(where: { $0.name == name }), let checksum = known.checksum {
                try Self.verifyKeeping(path, expected: checksum)
                continue
            }
            var matched = false
            for algorithm in Set(knownArchives.compactMap { $0.checksum?.algorithm }).sorted(by: { $0.rawValue < $1.rawValue }) {
                let digest = try ChecksumVerifier.digest(of: path, algorithm: algorithm)
                if knownArchives.contains(where: { $0.checksum == Checksum(algorithm: algorithm, hex: digest) }) {
                    matched = true
                }
            }
            if !matched { unverified.append(path) }
        }
        return (paths, unverified)
    }

    /// A file the user gave is never deleted: a mismatch is reported with the file left in place.
    private static func verifyKeeping(_ path: String, expected: Checksum) throws(DownloadError) {
        let actual = try ChecksumVerifier.digest(of: path, algorithm: expected.algorithm)
        guard actual == expected.hex else {
            throw .checksumMismatch(file: path, expected: expected, actual: actual, deleted: false)
        }
    }

    /// Unpacks `archives` and installs the layout at `root` (see the type's comment).
    public func install(_ archives: [String], unverified: [String] = [], deleteArchives: Bool,
                        log: (String) -> Void) throws(DownloadError) -> Report {
        try checkRootIsFree()
        let fm = FileManager.default
        try? fm.removeItem(atPath: stagingFolder)  // left by an interrupted run
        do {
            for archive in archives {
                log("unpack \((archive as NSString).lastPathComponent)")
                try ArchiveExtractor.extract(archive, into: stagingFolder)
            }
            try unpackInnerArchives(log: log)
            guard let layoutRoot = findLayoutRoot() else {
                throw DownloadError.layoutNotFound(dataset: source.name, missing: missingMarkers(in: stagingFolder),
                                                   layout: source.layout)
            }
            try ArchivePath.makeFolder((root as NSString).deletingLastPathComponent)
            if fm.fileExists(atPath: root) { try? fm.removeItem(atPath: root) }  // empty (checked above)
            do { try fm.moveItem(atPath: layoutRoot, toPath: root) } catch {
                throw DownloadError.fileSystem(path: root, reason: error.localizedDescription)
            }
        } catch let error as DownloadError {
            try? fm.removeItem(atPath: stagingFolder)
            throw error
        } catch {
            try? fm.removeItem(atPath: stagingFolder)
            throw .fileSystem(path: stagingFolder, reason: error.localizedDescription)
        }
        try? fm.removeItem(atPath: stagingFolder)
        if deleteArchives && !keepArchives {
            for archive in archives { try? fm.removeItem(atPath: archive) }
            removeArchiveFolderIfEmpty()
        }
        let (files, bytes) = Self.count(root)
        return Report(root: root, files: files, bytes: bytes, unverified: unverified)
    }

    private func removeArchiveFolderIfEmpty() {
        if (try? FileManager.default.contentsOfDirectory(atPath: archiveFolder))?.isEmpty == true {
            try? FileManager.default.removeItem(atPath: archiveFolder)
        }
    }

    /// The dataset's archives by name: the downloads and those found inside them.
    private var knownArchives: [SourceFile] { source.files + source.innerArchives }
    /// The same, an inner archive's entry first (a bundle's copy of a file is checked against what it pins for it).
    private var innerFirst: [SourceFile] { source.innerArchives + source.files }

    /// Extracts, in place, every archive inside the staging folder that is one of the dataset's known archives
    /// (verified first), until none is left.
    private func unpackInnerArchives(log: (String) -> Void) throws(DownloadError) {
        let names = Set(knownArchives.map(\.name))
        for _ in 0..<3 {  // bundle → zip → zip at most
            let found = Self.files(under: stagingFolder).filter { names.contains(($0 as NSString).lastPathComponent) }
            if found.isEmpty { return }
            for path in found {
                let name = (path as NSString).lastPathComponent
                if let checksum = innerFirst.first(where: { $0.name == name })?.checksum {
                    try ChecksumVerifier.verify(path, expected: checksum)
                }
                log("unpack \(name) (inside the archive)")
                try ArchiveExtractor.extract(path, into: (path as NSString).deletingLastPathComponent)
                try? FileManager.default.removeItem(atPath: path)
            }
        }
    }

    /// The shallowest folder in the staging tree that holds every layout marker.
    private func findLayoutRoot() -> String? {
        var level = [stagingFolder]
        for _ in 0..<4 {
            if let hit = level.first(where: { missingMarkers(in: $0).isEmpty }) { return hit }
            level = level.flatMap { folder in
                ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
                    .map { folder + "/" + $0 }.filter(Self.isFolder)
            }
        }
        return nil
    }

    private func missingMarkers(in folder: String) -> [String] {
        source.layoutMarkers.filter { !FileManager.default.fileExists(atPath: folder + "/" + $0) }
    }

    private static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    private static func files(under folder: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        return walker.compactMap { $0 as? String }.map { folder + "/" + $0 }.filter { !isFolder($0) }.sorted()
    }

    private static func count(_ folder: String) -> (Int, Int64) {
        var bytes: Int64 = 0
        let files = files(under: folder)
        for file in files {
            bytes += ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? NSNumber)?.int64Value ?? 0
        }
        return (files.count, bytes)
    }
}
