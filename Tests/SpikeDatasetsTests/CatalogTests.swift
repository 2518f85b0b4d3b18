import Foundation
import SpikeDatasets
import SpikeEvents
import SpikeTestSupport
import Testing

@Suite("Catalog N-MNIST")
struct CatalogTests {
    @Test func listsAGeneratedDatasetInArchiveOrder() async throws {
        let data = try await TemporaryDataset(train: 3, test: 2)
        defer { data.remove() }
        let catalog = try NMNISTCatalog(root: data.root)
        #expect(catalog.samples.count == 50)
        // Train before Test, then label, then file number (sample i of digit d is number 10·i + d + 1).
        var expected: [String] = []
        for (folder, perClass) in [("Train", 3), ("Test", 2)] {
            for digit in 0...9 {
                expected += (0..<perClass).map { "\(folder)/\(digit)/" + String(format: "%05d.bin", 10 * $0 + digit + 1) }
            }
        }
        #expect(catalog.samples.map(\.id) == expected)
        let first = catalog.samples[0]
        #expect(first == Sample(id: "Train/0/00001.bin", label: 0, split: .train,
                                source: .file(path: catalog.root + "/Train/0/00001.bin")))
        #expect(catalog.samples.allSatisfy { FileManager.default.fileExists(atPath: $0.source.path) })
        #expect(catalog.samples.allSatisfy { $0.label == Int($0.id.split(separator: "/")[1])! })
        #expect(catalog.samples(in: .test).count == 20 && catalog.samples(in: .train).count == 30)
        #expect(catalog.samples(in: .test).allSatisfy { $0.id.hasPrefix("Test/") })
    }

    @Test func splitOptionSelectsSplitsAndNeedsOnlyTheirFolders() throws {
        let root = try makeLayout(["Train/4/00002.bin"])
        defer { removeLayout(root) }
        let trainOnly = try NMNISTCatalog(root: root, splits: [.train])
        #expect(trainOnly.samples.map(\.id) == ["Train/4/00002.bin"])
        #expect(throws: CatalogError.missingSplitFolder(root: trainOnly.root, folder: "Test")) {
            try NMNISTCatalog(root: root)
        }
        #expect(throws: CatalogError.unsupportedSplit(split: "validation", available: ["train", "test"])) {
            try NMNISTCatalog(root: root, splits: [.validation])
        }
    }

    @Test func sortsByNumericIndexAndAcceptsSlayerNames() throws {
        let root = try makeLayout(["Train/1/10.bs2", "Train/1/9.bs2", "Train/1/100.bs2", "Train/0/60001.bs2",
                                   "Train/1/extra.bin", "Test/2/5.BIN", "Test/2/notes.txt", "Test/2/.hidden.bin",
                                   "Test/.DS_Store", "README.txt"])
        defer { removeLayout(root) }
        let catalog = try NMNISTCatalog(root: root)
        // Numeric order (lexicographic would put 10 and 100 before 9); names without a number come last;
        // other extensions and hidden files are skipped; the extension match ignores case.
        #expect(catalog.samples.map(\.id) == ["Train/0/60001.bs2", "Train/1/9.bs2", "Train/1/10.bs2",
                                              "Train/1/100.bs2", "Train/1/extra.bin", "Test/2/5.BIN"])
        #expect(catalog.samples.map(\.label) == [0, 1, 1, 1, 1, 2])
        #expect(catalog.samples.map(\.split) == [.train, .train, .train, .train, .train, .test])
    }

    @Test func relativeRootsBecomeAbsolute() throws {
        let root = try makeLayout(["Train/3/1.bin", "Test/3/2.bin"])
        defer { removeLayout(root) }
        // A path relative to the working directory, built without changing it (tests run in parallel).
        let depth = FileManager.default.currentDirectoryPath.split(separator: "/").count
        let relative = String(repeating: "../", count: depth) + root.dropFirst() + "/"
        let catalog = try NMNISTCatalog(root: relative)
        #expect(catalog.root == URL(fileURLWithPath: root).standardizedFileURL.path)
        #expect(catalog.samples.map(\.source) == [.file(path: catalog.root + "/Train/3/1.bin"),
                                                   .file(path: catalog.root + "/Test/3/2.bin")])
    }

    @Test func brokenLayoutsNameWhatWasExpectedWhere() throws {
        let missing = try RepoPaths.temporaryDirectory("spikestream-catalog") + "/absent"
        defer { removeLayout(missing) }
        try expectError(root: missing, .rootNotFound(path: missing), mentions: "does not exist")

        let fileRoot = try makeLayout(["x.bin"])
        defer { removeLayout(fileRoot) }
        try expectError(root: fileRoot + "/x.bin", .rootNotDirectory(path: fileRoot + "/x.bin"), mentions: "is a file")

        let noTest = try makeLayout(["Train/0/1.bin"])
        defer { removeLayout(noTest) }
        try expectError(root: noTest, .missingSplitFolder(root: noTest, folder: "Test"),
                        mentions: "ROOT/Test/<digit>/<index>.bin")

        let wordClass = try makeLayout(["Train/zero/1.bin", "Test/0/2.bin"])
        defer { removeLayout(wordClass) }
        try expectError(root: wordClass, .unexpectedClassFolder(path: wordClass + "/Train/zero"), mentions: "0 … 9")

        let tenClass = try makeLayout(["Train/10/1.bin", "Test/0/2.bin"])
        defer { removeLayout(tenClass) }
        try expectError(root: tenClass, .unexpectedClassFolder(path: tenClass + "/Train/10"), mentions: "0 … 9")

        let empty = try makeLayout(["Train/0/1.bin", "Test/0/notes.txt", "Test/1/"])
        defer { removeLayout(empty) }
        try expectError(root: empty, .noSamples(folder: empty + "/Test"),
                        mentions: "expected \(empty)/Test/<digit>/*.bin (or SLAYER's *.bs2) as in the N-MNIST archive, found none")
    }

    // MARK: helpers

    /// A dataset folder `…/nmnist` holding empty files (or folders, for paths ending in "/").
    private func makeLayout(_ paths: [String]) throws -> String {
        let root = try RepoPaths.temporaryDirectory("spikestream-catalog") + "/nmnist"
        let fm = FileManager.default
        try fm.createDirectory(atPath: root, withIntermediateDirectories: true)
        for path in paths {
            let full = root + "/" + path
            if path.hasSuffix("/") {
                try fm.createDirectory(atPath: full, withIntermediateDirectories: true)
            } else {
                try fm.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                       withIntermediateDirectories: true)
                #expect(fm.createFile(atPath: full, contents: Data()))
            }
        }
        return URL(fileURLWithPath: root).standardizedFileURL.path
    }

    private func removeLayout(_ root: String) {
        try? FileManager.default.removeItem(atPath: (root as NSString).deletingLastPathComponent)
    }

    private func expectError(root: String, _ expected: CatalogError, mentions text: String,
                             sourceLocation: SourceLocation = #_sourceLocation) throws {
        do {
            let catalog = try NMNISTCatalog(root: root)
            Issue.record("expected \(expected), got \(catalog.samples.count) samples", sourceLocation: sourceLocation)
        } catch {
            #expect(error == expected, sourceLocation: sourceLocation)
            #expect(error.description.contains(text), "\(error.description)", sourceLocation: sourceLocation)
        }
    }
}
