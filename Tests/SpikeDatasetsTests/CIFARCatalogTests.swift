import Foundation
import SpikeDatasets
import SpikeEvents
import SpikeTestSupport
import Testing

@Suite("CIFAR10-DVS catalog and stratified split")
struct CIFARCatalogTests {
    /// Ten class folders with `perClass` empty files each, created in the given order of indices.
    static func layout(perClass: Int, creationOrder: [Int]) throws -> String {
        let root = try RepoPaths.temporaryDirectory("cifar10dvs")
        for name in CIFAR10DVSCatalog.classNames {
            try FileManager.default.createDirectory(atPath: root + "/" + name, withIntermediateDirectories: true)
            for n in creationOrder where n < perClass {
                try Data().write(to: URL(fileURLWithPath: root + "/\(name)/cifar10_\(name)_\(n).aedat"))
            }
        }
        return root
    }

    @Test("labels follow the class list, files are in numeric order, 90 % train per class")
    func samples() throws {
        let root = try Self.layout(perClass: 12, creationOrder: Array(0..<12))
        let catalog = try CIFAR10DVSCatalog(root: root, split: StratifiedSplit())
        #expect(catalog.samples.count == 120)
        #expect(catalog.samples.prefix(12).map(\.id) == (0..<12).map { "airplane/cifar10_airplane_\($0).aedat" })
        #expect(catalog.samples.last?.id == "truck/cifar10_truck_11.aedat" && catalog.samples.last?.label == 9)
        for label in 0..<10 {
            // round(0.9 × 12) = 11 train, 1 test in every class.
            let ofClass = catalog.samples.filter { $0.label == label }
            #expect(ofClass.filter { $0.split == .train }.count == 11)
        }
        #expect(catalog.samples[3].source == .file(path: root + "/airplane/cifar10_airplane_3.aedat"))
    }

    @Test("the split depends on seed and ratio only, not on listing or creation order")
    func deterministic() throws {
        let a = try CIFAR10DVSCatalog(root: Self.layout(perClass: 20, creationOrder: Array(0..<20)),
                                      split: StratifiedSplit(trainRatio: 0.75, seed: 7))
        let b = try CIFAR10DVSCatalog(root: Self.layout(perClass: 20, creationOrder: Array((0..<20).reversed())),
                                      split: StratifiedSplit(trainRatio: 0.75, seed: 7))
        #expect(a.samples.map(\.id) == b.samples.map(\.id) && a.samples.map(\.split) == b.samples.map(\.split))
        #expect(a.samples(in: .train).count == 150)
        let c = try CIFAR10DVSCatalog(root: Self.layout(perClass: 20, creationOrder: Array(0..<20)),
                                      split: StratifiedSplit(trainRatio: 0.75, seed: 8))
        #expect(a.samples.map(\.split) != c.samples.map(\.split))
    }

    @Test("split by hand: ratio 0.5 of 3 rounds to 2 train; a class's split ignores other classes")
    func splitByHand() throws {
        let split = try StratifiedSplit(trainRatio: 0.5, seed: 1)
        #expect(split.splits(count: 3, classIndex: 0).filter { $0 == .train }.count == 2)
        #expect(split.splits(count: 1, classIndex: 4) == [.train])
        #expect(split.splits(count: 0, classIndex: 4) == [])
        #expect(split.splits(count: 50, classIndex: 2) == split.splits(count: 50, classIndex: 2))
        #expect(split.splits(count: 50, classIndex: 2) != split.splits(count: 50, classIndex: 3))
        #expect(throws: CatalogError.self) { try StratifiedSplit(trainRatio: 1) }
        #expect(throws: CatalogError.self) { try StratifiedSplit(trainRatio: 0) }
    }

    @Test("one file per class at ratio 0.9: every file goes to train, and the empty test split is reported")
    func fewFilesPerClass() throws {
        let samples = try CIFAR10DVSCatalog(root: Self.layout(perClass: 1, creationOrder: [0]), split: StratifiedSplit()).samples
        #expect(samples.count == 10 && samples.allSatisfy { $0.split == .train })
        #expect(SplitCoverage.warnings(samples, classNames: CIFAR10DVSCatalog.classNames) == ["the test split is empty"])
        // Three files per class at 0.5 put 2 in train and 1 in test: nothing to report.
        let three = try CIFAR10DVSCatalog(root: Self.layout(perClass: 3, creationOrder: [0, 1, 2]),
                                          split: StratifiedSplit(trainRatio: 0.5)).samples
        #expect(SplitCoverage.warnings(three, classNames: CIFAR10DVSCatalog.classNames).isEmpty)
        // A test split missing two classes names them.
        let partial = three.filter { !($0.split == .test && ($0.label == 2 || $0.label == 9)) }
        #expect(SplitCoverage.warnings(partial, classNames: CIFAR10DVSCatalog.classNames)
                == ["the test split has no samples of bird, truck"])
    }

    @Test("a missing or empty class folder is named")
    func layoutErrors() throws {
        let root = try Self.layout(perClass: 2, creationOrder: [0, 1])
        try FileManager.default.removeItem(atPath: root + "/ship")
        do {
            _ = try CIFAR10DVSCatalog(root: root, split: StratifiedSplit())
            Issue.record("no error")
        } catch {
            // The CIFAR10-DVS layout, not N-MNIST's Train/Test one.
            guard case .missingFile(root + "/ship", let expected) = error, expected.contains("airplane, automobile"),
                  !error.description.contains("N-MNIST") else { Issue.record("\(error)"); return }
        }
        try FileManager.default.createDirectory(atPath: root + "/ship", withIntermediateDirectories: true)
        do {
            _ = try CIFAR10DVSCatalog(root: root, split: StratifiedSplit())
            Issue.record("no error")
        } catch {
            guard case .missingFile(root + "/ship/cifar10_ship_0.aedat", _) = error else { Issue.record("\(error)"); return }
        }
    }
}
