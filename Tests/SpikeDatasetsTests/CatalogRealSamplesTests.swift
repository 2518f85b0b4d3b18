import Foundation
import SpikeDatasets
import SpikeFormats
import SpikeTestSupport
import Testing

@Suite("Catalog N-MNIST with the shared real samples")
struct CatalogRealSamplesTests {
    /// SLAYER's NMNISTsmall files (1-based MNIST index → label, from its train1K.txt; MANIFEST.md).
    static let labels = [1: 5, 2: 0, 3: 4, 4: 1, 5: 9, 6: 2, 8: 3]

    @Test("real .bs2 files in the archive layout are listed and decode as their goldens",
          .enabled(if: SharedSamples.available, SharedSamples.skipReason))
    func realSamplesInArchiveLayout() throws {
        // Link the real files into ROOT/Train/<label>/<index>.bs2, the layout SLAYER's files came from.
        let root = try RepoPaths.temporaryDirectory("spikestream-catalog-real") + "/nmnist"
        defer { try? FileManager.default.removeItem(atPath: (root as NSString).deletingLastPathComponent) }
        for (index, label) in Self.labels {
            let folder = "\(root)/Train/\(label)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: "\(folder)/\(index).bs2",
                                                       withDestinationPath: SharedSamples.path("nmnist/slayer_NMNISTsmall_\(index).bs2"))
        }
        let catalog = try NMNISTCatalog(root: root, splits: [.train])
        #expect(catalog.samples.map(\.id) == ["Train/0/2.bs2", "Train/1/4.bs2", "Train/2/6.bs2", "Train/3/8.bs2",
                                              "Train/4/3.bs2", "Train/5/1.bs2", "Train/9/5.bs2"])
        for sample in catalog.samples {
            let index = Int((sample.id as NSString).lastPathComponent.split(separator: ".")[0])!
            #expect(sample.label == Self.labels[index])
            let golden = try SharedSamples.golden(for: "nmnist/slayer_NMNISTsmall_\(index).bs2")
            try NMNISTReader(path: sample.source.path).readAll().expectMatches(golden)
        }
    }
}
