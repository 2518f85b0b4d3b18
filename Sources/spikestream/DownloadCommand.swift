import ArgumentParser
import Foundation
import SpikeDownload
import SpikePipeline

struct DownloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "download",
        abstract: "Download a dataset's official archives, verify them and unpack them into the layout preprocess reads.",
        discussion: """
            Archives go to ROOT.archives/ (FILE.partial while incomplete; an interrupted download resumes with an \
            HTTP range request when run again), are checked against the published MD5/SHA-256 before anything is \
            unpacked, and are unpacked into ROOT.partial/, which is renamed to ROOT only when the whole layout is \
            there. A dataset whose host needs a person (a login, a licence form) prints the steps; then pass the \
            downloaded file with --from-archive. See docs/DOWNLOAD.md.
            """)

    @Argument(help: ArgumentHelp("The dataset: \(DatasetSources.all.map(\.name).joined(separator: ", ")).",
                                 valueName: "dataset"))
    var dataset: String?
    @Option(help: "Folder the layout is installed in (default: data/<dataset>); it must not exist or be empty.")
    var root: String?
    @Flag(help: "List every dataset with its size, licence, citation and whether it downloads without a person.")
    var list = false
    @Option(name: .customLong("from-archive"),
            help: ArgumentHelp("An archive downloaded by hand: verify and unpack it instead of downloading (repeatable).",
                               valueName: "path"))
    var fromArchive: [String] = []
    @Option(help: ArgumentHelp("Fetch <mirror>/<dataset>/<file name> instead of the official addresses (same bytes, same checksums). Default: $SPIKESTREAM_DOWNLOAD_MIRROR.",
                               valueName: "url"))
    var mirror: String?
    @Flag(help: "Keep the downloaded archives in ROOT.archives/ after unpacking (by default they are deleted).")
    var keepArchives = false
    @Option(help: "Tries per file; a transfer that breaks off resumes where it stopped.") var attempts = 4

    func validate() throws {
        guard list || dataset != nil else { throw ValidationError("name a dataset, or pass --list") }
        if let dataset, DatasetSources.named(dataset) == nil {
            throw ValidationError("unknown dataset '\(dataset)'; one of: \(DatasetSources.all.map(\.name).joined(separator: ", "))")
        }
        guard attempts >= 1 else { throw ValidationError("--attempts must be at least 1") }
    }

    func run() async throws {
        if list {
            print(Self.listing)
            return
        }
        let mirror = self.mirror ?? ProcessInfo.processInfo.environment["SPIKESTREAM_DOWNLOAD_MIRROR"]
        let official = DatasetSources.named(dataset!)!
        let source = mirror.map { official.mirrored(at: $0) } ?? official
        let root = self.root ?? "data/\(source.name)"
        let installer = DatasetInstaller(source: source, root: root, downloader: HTTPDownloader(attempts: attempts),
                                         keepArchives: keepArchives)
        try installer.checkRootIsFree()
        let archives: [String]
        var unverified: [String] = []
        if !fromArchive.isEmpty {
            (archives, unverified) = try installer.verifyGiven(fromArchive)
        } else if let steps = source.manualSteps, mirror == nil {
            throw DownloadError.manualStep(dataset: source.name, steps: steps, files: source.files.map(\.name),
                                           root: root)
        } else {
            defer { ProgressReporter.endOpenLine() }
            archives = try await installer.download { ProgressReporter.stderrSink($0.line, true) }
        }
        let report = try installer.install(archives, unverified: unverified, deleteArchives: fromArchive.isEmpty) {
            ProgressReporter.stderrSink($0, false)
        }
        for path in report.unverified {
            FileHandle.standardError.write(Data(("warning: no published checksum matches \(path); its inner archives "
                + "were verified where the dataset names them\n").utf8))
        }
        print("installed \(source.name) in \(report.root): \(report.files) files, "
              + DownloadProgress.size(report.bytes))
        print("next: spikestream preprocess --dataset \(source.name) --root \(root)")
    }

    static var listing: String {
        DatasetSources.all.map { source in
            [
                "\(source.name) — \(source.title)",
                "  size:      \(source.size.isEmpty ? "not published by the host (the server tells it when the download starts)" : source.size)",
                "  licence:   \(source.licence)",
                "  citation:  \(source.citation)",
                "  homepage:  \(source.homepage)",
                "  download:  " + (source.manualSteps == nil
                    ? source.files.map(\.name).joined(separator: ", ")
                    : "by hand (\(source.files.map(\.name).joined(separator: ", "))), then --from-archive"),
                "  layout:    \(source.layout)",
            ].joined(separator: "\n")
        }.joined(separator: "\n\n")
    }
}
