import ArgumentParser
import Foundation
import SpikeDatasets
import SpikeEvents
import SpikeFormats
import SpikePreprocess

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "The main job on the embedded default data: synthesise, preprocess into a cache, inspect.",
        discussion: """
            Generates the synthetic N-MNIST-layout dataset under --data when it is absent, bins it into \
            16 frames per sample in an HDF5 cache next to it (reused when its parameters match, resumed when \
            interrupted), and prints what the cache holds.
            """)

    @Option(help: "Where the synthetic dataset lives.") var data = "data/synthetic-nmnist"
    @Option(help: "Training samples per digit when generating.") var trainPerClass = 100
    @Option(help: "Test samples per digit when generating.") var testPerClass = 20
    @Option(help: "Seed when generating.") var seed: UInt64 = 1

    func run() async throws {
        if SyntheticNMNIST.isComplete(root: data) {
            print("demo: using the synthetic dataset at \(data)")
        } else {
            // A missing or interrupted generation; `overwrite` only ever replaces our own synthetic folders.
            print("demo: generating the synthetic dataset at \(data)")
            let summary = try await SyntheticNMNIST(root: data, configuration: .init(
                trainPerClass: trainPerClass, testPerClass: testPerClass, seed: seed, overwrite: true)).generate()
            print("demo: \(summary.files) files, \(summary.totalEvents) events")
        }
        let sample = try NMNISTCatalog(root: data).samples[0]
        var stats = EventStatistics()
        stats.add(try NMNISTReader(path: sample.source.path).readAll())
        print("demo: sample \(sample.id) (label \(sample.label)): \(stats.count) events, "
            + "t \(stats.tMin)…\(stats.tMax) µs, on \(stats.polarityCounts[1]) / off \(stats.polarityCounts[0])")

        let binning = try BinningOptions.parse(["--time-bins", "16"])
        let out = PreprocessCommand.trimmed(data) + ".\(binning.shortName).h5"
        let dataset = try DatasetOptions.parse(["--dataset", "nmnist", "--root", data])
        print(try await PreprocessCommand.preprocess(
            dataset: dataset, out: out, binning: binning.binning,
            workers: ProcessInfo.processInfo.activeProcessorCount, level: 3, onError: .failFast, overwrite: true))
        print(try CacheSummary(path: out, digest: false).text)
        print("demo: done. Read the cache from Python with h5py + hdf5plugin (see README.md).")
    }
}
