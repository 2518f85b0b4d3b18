import Foundation
import SpikeCache
import SpikeTestSupport
import Testing

/// Class names from the dataset reach the cache and then `train`'s per-class line and `infer`'s tables: a tiny
/// SHD layout (our libhdf5 writer) with two named classes, one epoch, then `infer` on the same cache.
@Suite("Class names in train and infer",
       .enabled(if: SpikeStreamCLI.path != nil, "SKIPPED: no spikestream executable built"))
struct ClassNamesCLITests {
    @Test("train prints the last epoch's per-class accuracy by name; infer names the per-class and confusion rows")
    func namesShown() throws {
        let folder = try RepoPaths.temporaryDirectory("class-names")
        let root = folder + "/shd"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        // Class 0 spikes on the low units, class 1 on the high ones.
        func rows(_ count: Int) -> [(seconds: [Float], units: [UInt16], label: Int)] {
            (0..<count).map { k in
                let label = k % 2
                return ((0..<20).map { Float($0) * 0.01 }, (0..<20).map { UInt16(label * 600 + $0 * 4 + k) }, label)
            }
        }
        for (file, count) in [("shd_train.h5", 8), ("shd_test.h5", 4)] {
            try HeidelbergSpikesFile.write(path: root + "/" + file, samples: rows(count), classNames: ["left", "right"])
        }
        let yaml = folder + "/shd.yaml"
        try """
            name: shd-names
            dataset: {name: shd, root: \(root)}
            binning: {time_bins: 4}
            network: {spec: 700-2}
            optimizer: {kind: adam, lr: 0.005}
            epochs: 1
            batch_size: 4
            seed: 3
            """.write(toFile: yaml, atomically: true, encoding: .utf8)
        let trained = try SpikeStreamCLI.run(["train", "--pipeline", yaml, "--out", folder + "/run"])
        try #require(trained.status == 0, "\(trained.output)")
        #expect(trained.output.contains("per-class test accuracy, last epoch: left "), "\(trained.output)")
        #expect(trained.output.contains(", right "))

        let cache = root + ".T4.h5"
        #expect(try CacheReader(path: cache).classNames == ["left", "right"])
        let inferred = try SpikeStreamCLI.run(["infer", "--model", folder + "/run/model.h5", "--cache", cache])
        try #require(inferred.status == 0, "\(inferred.output)")
        #expect(inferred.output.contains("  class  0  left ") && inferred.output.contains("  class  1  right "),
                "\(inferred.output)")
        let confusion = inferred.output.split(separator: "\n").filter { $0.hasPrefix("   0 ") || $0.hasPrefix("   1 ") }
        #expect(confusion.count == 2 && confusion[0].hasSuffix("  left") && confusion[1].hasSuffix("  right"), "\(confusion)")
    }
}
