import Foundation
import SpikeDownload
import SpikeDatasets
import SpikeTestSupport
import Testing

/// What goes wrong: a wrong checksum, no server, a cut archive, an interrupted unpack, a manual dataset, a bundle.
@Suite("Download faults")
struct DownloadFaultTests {
    @Test("A checksum mismatch deletes the downloaded file, names it, and installs nothing")
    func wrongChecksum() async throws {
        let work = try RepoPaths.temporaryDirectory("spikestream-download")
        let archives = try OfficialLayoutArchives.nmnist(in: work + "/src")
        let server = try await ArchiveServer.start()
        var source = try OfficialLayoutArchives.served(.nmnist, archives: archives, by: server)
        source.files[1].checksum = .md5("00000000000000000000000000000000")
        let installer = DatasetInstaller(source: source, root: work + "/nmnist")
        await #expect {
            _ = try await installer.download { _ in }
        } throws: { error in
            guard case DownloadError.checksumMismatch(let file, _, let actual, true)? = error as? DownloadError else { return false }
            return file == work + "/nmnist.archives/Test.zip"
                && actual == (try? OfficialLayoutArchives.checksum(archives[1], .md5).hex)
                && "\(error)".contains("has been deleted")
        }
        try await server.stop()
        #expect(!FileManager.default.fileExists(atPath: work + "/nmnist.archives/Test.zip"))
        #expect(FileManager.default.fileExists(atPath: work + "/nmnist.archives/Train.zip"))  // verified, kept
        #expect(!FileManager.default.fileExists(atPath: work + "/nmnist"))
    }

    @Test("No server: one error naming the address and the --from-archive command")
    func unreachable() async throws {
        let work = try RepoPaths.temporaryDirectory("spikestream-download")
        // Port 1 on the loopback: nothing listens there, the connection is refused at once.
        let installer = DatasetInstaller(source: DatasetSource.shd.mirrored(at: "http://127.0.0.1:1"),
                                         root: work + "/shd", downloader: HTTPDownloader(attempts: 2, timeout: 5))
        await #expect {
            _ = try await installer.download { _ in }
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("cannot reach http://127.0.0.1:1/shd/shd_train.h5.zip")
                && text.contains("spikestream download shd --root \(work)/shd --from-archive PATH/shd_train.h5.zip")
        }
        #expect(!FileManager.default.fileExists(atPath: work + "/shd"))
        #expect(!FileManager.default.fileExists(atPath: work + "/shd.archives"))  // nothing arrived, nothing kept
    }

    @Test("A cut archive fails to unpack and leaves neither ROOT nor ROOT.partial; a stale ROOT.partial is replaced")
    func cutArchive() throws {
        let work = try RepoPaths.temporaryDirectory("spikestream-download")
        let archives = try OfficialLayoutArchives.speechcommands(in: work + "/src")
        let whole = try Data(contentsOf: URL(fileURLWithPath: archives[0]))
        let cut = work + "/cut.tar.gz"
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: cut))
        let installer = DatasetInstaller(source: .speechcommands, root: work + "/speech")
        #expect(throws: DownloadError.self) { try installer.install([cut], deleteArchives: false) { _ in } }
        #expect(!FileManager.default.fileExists(atPath: work + "/speech"))
        #expect(!FileManager.default.fileExists(atPath: work + "/speech.partial"))
        #expect(FileManager.default.fileExists(atPath: cut))  // a file the user gave is never deleted

        // An unpack killed half way leaves ROOT.partial (which preprocess is never pointed at); the next run
        // starts it afresh.
        try FileManager.default.createDirectory(atPath: work + "/speech.partial/yes", withIntermediateDirectories: true)
        try "half".write(toFile: work + "/speech.partial/yes/stale.wav", atomically: true, encoding: .utf8)
        let report = try installer.install(archives, deleteArchives: false) { _ in }
        #expect(report.files == 7)
        #expect(!FileManager.default.fileExists(atPath: work + "/speech/yes/stale.wav"))
        #expect(!FileManager.default.fileExists(atPath: work + "/speech.partial"))
    }

    @Test("Archives without the layout install nothing and say what is missing")
    func wrongLayout() throws {
        let work = try RepoPaths.temporaryDirectory("spikestream-download")
        let archives = try OfficialLayoutArchives.nmnist(in: work + "/src")
        let installer = DatasetInstaller(source: .nmnist, root: work + "/nmnist")
        #expect {
            _ = try installer.install([archives[0]], deleteArchives: false) { _ in }  // Train.zip only
        } throws: { error in
            (error as? DownloadError) == .layoutNotFound(dataset: "nmnist", missing: ["Test"],
                                                          layout: DatasetSource.nmnist.layout)
        }
        #expect(!FileManager.default.fileExists(atPath: work + "/nmnist"))
    }

    @Test("A bundle holding the dataset's zips: inner archives verified by their pinned checksum, then unpacked")
    func bundle() throws {
        let work = try RepoPaths.temporaryDirectory("spikestream-download")
        let archives = try OfficialLayoutArchives.nmnist(in: work + "/src")
        try FileManager.default.createDirectory(atPath: work + "/bundle/N-MNIST", withIntermediateDirectories: true)
        for archive in archives {
            try FileManager.default.copyItem(atPath: archive,
                                             toPath: work + "/bundle/N-MNIST/" + (archive as NSString).lastPathComponent)
        }
        let bundle = try OfficialLayoutArchives.zip(work + "/bundle/N-MNIST", to: work + "/all.zip")
        var source = DatasetSource.nmnist
        source.innerArchives = try archives.map {
            SourceFile(name: ($0 as NSString).lastPathComponent, url: "",
                       checksum: try OfficialLayoutArchives.checksum($0, .md5))
        }
        let installer = DatasetInstaller(source: source, root: work + "/nmnist")
        let given = try installer.verifyGiven([bundle])
        #expect(given.unverified == [bundle])
        let report = try installer.install(given.paths, unverified: given.unverified, deleteArchives: false) { _ in }
        #expect(report.files == 5 && report.unverified == [bundle])

        // The same bundle with the official checksums pinned for its inner zips: ours differ, so it is refused.
        let strict = DatasetInstaller(source: .nmnist, root: work + "/nmnist-official")
        #expect {
            _ = try strict.install([bundle], deleteArchives: false) { _ in }
        } throws: { error in
            guard case DownloadError.checksumMismatch(let file, let expected, _, true)? = error as? DownloadError else { return false }
            // Inner archives are checked in name order: Test.zip first.
            return file.hasSuffix("/N-MNIST/Test.zip") && expected == .md5("69ca8762b2fe404d9b9bad1103e97832")
        }
        #expect(!FileManager.default.fileExists(atPath: work + "/nmnist-official"))
    }

    @Test("The progress line: bytes, total, percent, rate and ETA of this run, resumed bytes not in the rate")
    func progressLine() {
        // 1 MiB was on disk; 3 MiB more arrived in 2 s: 1.5 MiB/s, 4 of 10 MiB, 6 MiB left = 4 s.
        let p = DownloadProgress(file: "Train.zip", bytes: 4 << 20, total: 10 << 20, resumedFrom: 1 << 20, elapsed: 2)
        #expect(p.line == "download Train.zip 4.0 MiB / 10.0 MiB (40.0%)  1.5 MiB/s  ETA 0:04  (resumed at 1.0 MiB)")
        let unknown = DownloadProgress(file: "x.zip", bytes: 512, total: nil, resumedFrom: 0, elapsed: 1)
        #expect(unknown.line == "download x.zip 512 B  512 B/s")
    }

    @Test("Our MD5 and SHA-256 agree with coreutils on a 3 MiB file")
    func digests() throws {
        let work = try RepoPaths.temporaryDirectory("spikestream-download")
        let path = work + "/blob"
        try Data((0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 13) })
            .write(to: URL(fileURLWithPath: path))
        for algorithm in [Checksum.Algorithm.md5, .sha256] {
            #expect(try ChecksumVerifier.digest(of: path, algorithm: algorithm)
                    == OfficialLayoutArchives.checksum(path, algorithm).hex)
        }
    }
}

/// The `download` command itself: listing, a manual dataset's steps, a mirror whose file is not the official one.
@Suite("download CLI", .enabled(if: SpikeStreamCLI.path != nil, "the spikestream executable is not built"))
struct DownloadCLITests {
    @Test("--list names all eight datasets with size, licence and citation")
    func list() throws {
        let (status, output) = try SpikeStreamCLI.run(["download", "--list"])
        #expect(status == 0)
        for name in ["nmnist", "dvsgesture", "cifar10dvs", "speechcommands", "shd", "ssc", "ncaltech101", "ncars"] {
            #expect(output.contains("\n\(name) — ") || output.hasPrefix("\(name) — "), "\(name)")
        }
        #expect(output.components(separatedBy: "  licence:").count == 9)
        #expect(output.components(separatedBy: "  citation:").count == 9)
        #expect(output.contains("Cramer, B., Stradmann, Y., Schemmel, J., Zenke, F. (2022)"))
    }

    @Test("A dataset behind a login prints the steps and the --from-archive command, and fails")
    func manual() throws {
        let work = try RepoPaths.temporaryDirectory("spikestream-download")
        let (status, output) = try SpikeStreamCLI.run(["download", "dvsgesture", "--root", work + "/g"])
        #expect(status != 0)
        #expect(output.contains("ibm.ent.box.com"), "\(output)")
        #expect(output.contains("Run: spikestream download dvsgesture --root \(work)/g --from-archive PATH/DvsGesture.tar.gz"),
                "\(output)")
    }

    @Test("--from-archive: a file named like an official archive but with other bytes is refused and kept")
    func fromArchiveMismatch() throws {
        let work = try RepoPaths.temporaryDirectory("spikestream-download")
        let archives = try OfficialLayoutArchives.nmnist(in: work + "/src")
        let (status, output) = try SpikeStreamCLI.run(["download", "nmnist", "--root", work + "/n",
                                                       "--from-archive", archives[0], "--from-archive", archives[1]])
        #expect(status != 0)
        #expect(output.contains("\(archives[0]) has MD5 \(try OfficialLayoutArchives.checksum(archives[0], .md5).hex)"),
                "\(output)")
        #expect(output.contains("(left in place)"), "\(output)")
        #expect(FileManager.default.fileExists(atPath: archives[0]))
        #expect(!FileManager.default.fileExists(atPath: work + "/n"))
    }

    @Test("--mirror serving other bytes than the official archive: MD5 mismatch, file deleted, non-zero exit")
    func mirrorMismatch() async throws {
        let work = try RepoPaths.temporaryDirectory("spikestream-download")
        let archives = try OfficialLayoutArchives.nmnist(in: work + "/src")
        let server = try await ArchiveServer.start()
        _ = try OfficialLayoutArchives.served(.nmnist, archives: archives, by: server)
        let (status, output) = try SpikeStreamCLI.run(["download", "nmnist", "--root", work + "/n",
                                                       "--mirror", server.baseURL])
        try await server.stop()
        #expect(status != 0)
        #expect(output.contains("Train.zip has MD5 \(try OfficialLayoutArchives.checksum(archives[0], .md5).hex)"),
                "\(output)")
        #expect(output.contains("published one is 20959b8e626244a1b502305a9e6e2031"), "\(output)")
        #expect(!FileManager.default.fileExists(atPath: work + "/n.archives/Train.zip"))
        #expect(!FileManager.default.fileExists(atPath: work + "/n"))
    }
}
