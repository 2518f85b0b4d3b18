import Foundation
import SpikeDatasets
import SpikeEvents
import SpikeFormats
import SpikeTestSupport

/// A synthetic dataset generated into a fresh temporary folder for one test.
struct TemporaryDataset {
    let root: String
    let summary: SyntheticNMNIST.Summary

    init(train: Int, test: Int, seed: UInt64 = 1) async throws {
        root = try RepoPaths.temporaryDirectory("spikestream-synthetic") + "/nmnist"
        let config = SyntheticNMNIST.Configuration(trainPerClass: train, testPerClass: test, seed: seed)
        summary = try await SyntheticNMNIST(root: root, configuration: config).generate()
    }

    /// Removes the temporary folder (call with `defer`).
    func remove() {
        try? FileManager.default.removeItem(atPath: (root as NSString).deletingLastPathComponent)
    }

    /// Every file under the root, relative to it, sorted.
    func relativeFiles() -> [String] {
        let all = FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []
        return all.filter { !isDirectory(root + "/" + $0) }.sorted()
    }

    private func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }
}

/// Per-sample event counts per pixel and polarity: a 2 × 34 × 34 feature vector.
func countImage(_ events: EventChunk) -> [Double] {
    var image = [Double](repeating: 0, count: 2 * 34 * 34)
    for i in 0..<events.count {
        image[Int(events.p[i]) * 34 * 34 + Int(events.y[i]) * 34 + Int(events.x[i])] += 1
    }
    return image
}
