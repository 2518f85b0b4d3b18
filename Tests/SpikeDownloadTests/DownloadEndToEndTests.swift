import Foundation
import SpikeDownload
import SpikeDatasets
import SpikeTestSupport
import Testing

/// download → resume → verify → unpack → `spikestream preprocess` → `spikestream inspect`, against a local HTTP
/// server serving archives in each dataset's official layout (the real addresses need a network; see
/// docs/DOWNLOAD.md).
@Suite("Download and install dataset layouts")
struct DownloadEndToEndTests {
    /// Installs `source` from `server` into `work/<name>`, then preprocesses and inspects it with the CLI; returns
    /// inspect's output.
    static func installAndInspect(_ source: DatasetSource, work: String, preprocess extra: [String] = [])
        async throws -> (report: DatasetInstaller.Report, inspect: String) {
        let installer = DatasetInstaller(source: source, root: work + "/" + source.name,
                                         downloader: HTTPDownloader(attempts: 3, timeout: 20))
        let archives = try await installer.download { _ in }
        let report = try installer.install(archives, deleteArchives: true) { _ in }
        #expect(!FileManager.default.fileExists(atPath: installer.stagingFolder))
        #expect(!FileManager.default.fileExists(atPath: installer.archiveFolder))
        guard let cli = SpikeStreamCLI.path else { return (report, "") }
        let cache = work + "/\(source.name).h5"
        let pre = try SpikeStreamCLI.run(["preprocess", "--dataset", source.name, "--root", installer.root,
                                          "--out", cache, "--workers", "2"] + extra)
        #expect(pre.status == 0, "\(pre.output)")
        let inspect = try Subprocess.run(cli, ["inspect", cache])
        #expect(inspect.status == 0, "\(inspect.output)")
        return (report, inspect.output)
    }

    @Test("N-MNIST: a connection dropped half way and a .partial from an earlier run both resume with Range")
    func nmnist() async throws {
        let work = try RepoPaths.temporaryDirectory("spikestream-download")
        let archives = try OfficialLayoutArchives.nmnist(in: work + "/src")
        let server = try await ArchiveServer.start()
        let source = try OfficialLayoutArchives.served(.nmnist, archives: archives, by: server)
        let train = try Data(contentsOf: URL(fileURLWithPath: archives[0]))
        let test = try Data(contentsOf: URL(fileURLWithPath: archives[1]))
        server.serve("/nmnist/Train.zip", Array(train), fault: .dropHalfwayOnce)
        // Test.zip: the first 100 bytes are already on disk, as an interrupted earlier run leaves them.
        try FileManager.default.createDirectory(atPath: work + "/nmnist.archives", withIntermediateDirectories: true)
        try test.prefix(100).write(to: URL(fileURLWithPath: work + "/nmnist.archives/Test.zip.partial"))

        let (report, inspect) = try await Self.installAndInspect(source, work: work)
        try await server.stop()
        #expect(report.files == 5)
        let trainHalf = (train.count) / 2
        #expect(server.requests == [
            .init(path: "/nmnist/Train.zip", range: nil),
            .init(path: "/nmnist/Train.zip", range: "bytes=\(trainHalf)-"),
            .init(path: "/nmnist/Test.zip", range: "bytes=100-"),
        ])
        let bin = try Data(contentsOf: URL(fileURLWithPath: work + "/nmnist/Train/1/1.bin"))
        #expect(bin == (try Data(contentsOf: URL(fileURLWithPath: work + "/src/Train/1/1.bin"))))
        if SpikeStreamCLI.path != nil {
            #expect(inspect.contains("samples:   5") && inspect.contains("train 3, test 2"), "\(inspect)")
            #expect(inspect.contains("labels:    0:3 1:2"), "\(inspect)")
        }
    }

    @Test("DVS128-Gesture: DvsGesture.tar.gz unpacked, its DvsGesture/ folder becomes the root")
    func dvsgesture() async throws {
        let work = try RepoPaths.temporaryDirectory("spikestream-download")
        let archives = try OfficialLayoutArchives.dvsgesture(in: work + "/src")
        let server = try await ArchiveServer.start()
        let source = try OfficialLayoutArchives.served(.dvsgesture, archives: archives, by: server)
        let (report, inspect) = try await Self.installAndInspect(source, work: work)
        try await server.stop()
        #expect(report.files == 6)
        #expect(FileManager.default.fileExists(atPath: work + "/dvsgesture/trials_to_train.txt"))
        let aedat = try Data(contentsOf: URL(fileURLWithPath: work + "/dvsgesture/user24_led.aedat"))
        #expect(aedat == (try Data(contentsOf: URL(fileURLWithPath: work + "/src/DvsGesture/user24_led.aedat"))))
        if SpikeStreamCLI.path != nil {
            #expect(inspect.contains("samples:   4") && inspect.contains("train 2, test 2"), "\(inspect)")
            #expect(inspect.contains("labels:    0:2 1:2"), "\(inspect)")
        }
    }

    @Test("CIFAR10-DVS: ten per-class zips unpacked side by side into the class folders")
    func cifar10dvs() async throws {
        let work = try RepoPaths.temporaryDirectory("spikestream-download")
        let archives = try OfficialLayoutArchives.cifar10dvs(in: work + "/src")
        let server = try await ArchiveServer.start()
        let source = try OfficialLayoutArchives.served(.cifar10dvs, archives: archives, by: server)
        let (report, inspect) = try await Self.installAndInspect(source, work: work, preprocess: ["--train-ratio", "0.5"])
        try await server.stop()
        #expect(report.files == 20)
        #expect(server.requests.count == 10)
        if SpikeStreamCLI.path != nil {
            #expect(inspect.contains("samples:   20") && inspect.contains("train 10, test 10"), "\(inspect)")
            #expect(inspect.contains("labels:    0:2 1:2 2:2 3:2 4:2 5:2 6:2 7:2 8:2 9:2"), "\(inspect)")
        }
    }

    @Test("SHD: two .h5.zip files unpacked beside each other; class names from the files' extra/keys")
    func shd() async throws {
        let work = try RepoPaths.temporaryDirectory("spikestream-download")
        let archives = try OfficialLayoutArchives.heidelberg("shd", labels: [("train", [0, 1, 1]), ("test", [0, 1])],
                                                             in: work + "/src")
        let server = try await ArchiveServer.start()
        let source = try OfficialLayoutArchives.served(.shd, archives: archives, by: server)
        let (report, inspect) = try await Self.installAndInspect(source, work: work)
        try await server.stop()
        #expect(report.files == 2)
        if SpikeStreamCLI.path != nil {
            #expect(inspect.contains("samples:   5") && inspect.contains("train 3, test 2"), "\(inspect)")
            #expect(inspect.contains("0: zero, 2") && inspect.contains("1: one, 3"), "\(inspect)")
        }
    }

    @Test("SSC: train, valid and test .h5.zip files unpacked; the validation split kept")
    func ssc() async throws {
        let work = try RepoPaths.temporaryDirectory("spikestream-download")
        let archives = try OfficialLayoutArchives.heidelberg("ssc", labels: [("train", [0, 1]), ("valid", [1]), ("test", [0])],
                                                             in: work + "/src")
        let server = try await ArchiveServer.start()
        let source = try OfficialLayoutArchives.served(.ssc, archives: archives, by: server)
        let (report, inspect) = try await Self.installAndInspect(source, work: work)
        try await server.stop()
        #expect(report.files == 3)
        if SpikeStreamCLI.path != nil {
            #expect(inspect.contains("samples:   4") && inspect.contains("train 2") && inspect.contains("test 1")
                    && inspect.contains("validation 1"), "\(inspect)")
        }
    }

    @Test("N-Caltech101: Caltech101.zip unpacked; the class folders found, BACKGROUND_Google first")
    func ncaltech101() async throws {
        let work = try RepoPaths.temporaryDirectory("spikestream-download")
        let archives = try OfficialLayoutArchives.ncaltech101(in: work + "/src")
        let server = try await ArchiveServer.start()
        let source = try OfficialLayoutArchives.served(.ncaltech101, archives: archives, by: server)
        let (report, inspect) = try await Self.installAndInspect(source, work: work, preprocess: ["--train-ratio", "0.5"])
        try await server.stop()
        #expect(report.files == 8)
        if SpikeStreamCLI.path != nil {
            #expect(inspect.contains("samples:   8") && inspect.contains("train 4, test 4"), "\(inspect)")
            #expect(inspect.contains("0: BACKGROUND_Google, 2") && inspect.contains("3: yin_yang, 2"), "\(inspect)")
        }
    }

    @Test("N-CARS (a manual dataset, here from a mirror): the bundle's inner zips verified and unpacked in turn")
    func ncars() async throws {
        let work = try RepoPaths.temporaryDirectory("spikestream-download")
        let (bundle, inner) = try OfficialLayoutArchives.ncars(in: work + "/src")
        let server = try await ArchiveServer.start()
        var source = try OfficialLayoutArchives.served(.ncars, archives: [bundle], by: server)
        source.innerArchives = try inner.map {
            SourceFile(name: ($0 as NSString).lastPathComponent, url: "", checksum: try OfficialLayoutArchives.checksum($0, .md5))
        }
        let installer = DatasetInstaller(source: source, root: work + "/ncars")
        let report = try installer.install(try await installer.download { _ in }, deleteArchives: true) { _ in }
        try await server.stop()
        #expect(report.files == 4)
        let dat = try Data(contentsOf: URL(fileURLWithPath: work + "/ncars/test/cars/obj_001_td.dat"))
        #expect(dat == (try Data(contentsOf: URL(fileURLWithPath: work + "/src/test/cars/obj_001_td.dat"))))
        #expect(!FileManager.default.fileExists(atPath: work + "/ncars/n-cars_train.zip"))  // inner zips removed
        if let cli = SpikeStreamCLI.path {
            let pre = try SpikeStreamCLI.run(["preprocess", "--dataset", "ncars", "--root", work + "/ncars",
                                              "--out", work + "/ncars.h5", "--workers", "2"])
            #expect(pre.status == 0, "\(pre.output)")
            let inspect = try Subprocess.run(cli, ["inspect", work + "/ncars.h5"])
            #expect(inspect.output.contains("samples:   4") && inspect.output.contains("train 2, test 2"), "\(inspect.output)")
            #expect(inspect.output.contains("0: background, 2") && inspect.output.contains("1: car, 2"), "\(inspect.output)")
        }

        // The official inner checksums (tonic's) do not match these test zips: the install stops, nothing stays.
        var pinned = source
        pinned.innerArchives = DatasetSource.ncars.innerArchives
        let strict = DatasetInstaller(source: pinned, root: work + "/ncars-pinned")
        #expect(throws: DownloadError.self) { try strict.install([bundle], deleteArchives: false) { _ in } }
        #expect(!FileManager.default.fileExists(atPath: work + "/ncars-pinned"))
        #expect(!FileManager.default.fileExists(atPath: work + "/ncars-pinned.partial"))
    }

    @Test("Speech Commands: the ./-rooted .tar.gz unpacked, SHA-256 checked, lists and noise in place")
    func speechcommands() async throws {
        let work = try RepoPaths.temporaryDirectory("spikestream-download")
        let archives = try OfficialLayoutArchives.speechcommands(in: work + "/src")
        let server = try await ArchiveServer.start()
        let source = try OfficialLayoutArchives.served(.speechcommands, archives: archives, by: server)
        #expect(source.files[0].checksum?.algorithm == .sha256)
        let (report, inspect) = try await Self.installAndInspect(source, work: work, preprocess: ["--task", "35"])
        try await server.stop()
        #expect(report.files == 7)
        let wav = try Data(contentsOf: URL(fileURLWithPath: work + "/speechcommands/no/cccc0003_nohash_1.wav"))
        #expect(wav == (try Data(contentsOf: URL(fileURLWithPath: work + "/src/speech/no/cccc0003_nohash_1.wav"))))
        if SpikeStreamCLI.path != nil {
            // 35-word task: one class per word folder (no, yes); 2 train, 1 validation, 1 test.
            #expect(inspect.contains("samples:   4"), "\(inspect)")
            #expect(inspect.contains("train 2") && inspect.contains("test 1") && inspect.contains("validation 1"),
                    "\(inspect)")
        }
    }
}
