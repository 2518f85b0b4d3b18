import Foundation
import SpikeDatasets

extension PipelineConfig {
    /// The cache file: `cache.path`, else `ROOT.<binning>.h5` beside the dataset (as `preprocess` names it), or
    /// `ROOT.<binning>.events.h5` when the cache must store events (a different cache key, so a different file).
    public var cachePath: String {
        if let path = cache.path { return path }
        let root = dataset.root.count > 1 && dataset.root.hasSuffix("/") ? String(dataset.root.dropLast()) : dataset.root
        return root + ".\(binning.shortName)" + (storesEvents ? ".events" : "") + ".h5"
    }

    /// Whether the cache must also store each sample's events (`preprocess --store-events`): augmentations
    /// transform events every epoch, after the cache.
    public var storesEvents: Bool { !augment.isEmpty }
}

extension DatasetSection {
    /// The generator settings of a `synthetic-nmnist` dataset (defaults: 100 train / 20 test per digit, seed 1).
    public var syntheticConfiguration: SyntheticNMNIST.Configuration {
        let d = SyntheticNMNIST.Configuration()
        return SyntheticNMNIST.Configuration(trainPerClass: trainPerClass ?? d.trainPerClass,
                                             testPerClass: testPerClass ?? d.testPerClass,
                                             seed: generatorSeed ?? d.seed)
    }

    /// For `synthetic-nmnist`: generates the digits under `root` unless a complete generation with the same
    /// settings is already there (an earlier synthetic generation with other settings is replaced). Returns
    /// whether it generated; other datasets are left alone.
    public func prepareSynthetic() async throws -> Bool {
        guard name == .syntheticNMNIST else { return false }
        var config = syntheticConfiguration
        let readme = (try? String(contentsOfFile: root + "/README.txt", encoding: .utf8)) ?? ""
        // The generator's README records its settings; the same lines mean the same samples.
        let settings = "seed: \(config.seed)\ntrain samples per class: \(config.trainPerClass)\n"
            + "test samples per class: \(config.testPerClass)\n"
        if SyntheticNMNIST.isComplete(root: root), readme.contains(settings) { return false }
        config.overwrite = true
        try await SyntheticNMNIST(root: root, configuration: config).generate()
        return true
    }
}
