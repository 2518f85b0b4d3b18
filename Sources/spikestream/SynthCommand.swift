import ArgumentParser
import Foundation
import SpikeDatasets
import SpikePipeline

struct SynthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Write the embedded synthetic dataset in the N-MNIST archive layout (Train/<digit>/*.bin, Test/…).",
        discussion: """
            Digits 0–9 are drawn procedurally with per-sample jitter, moved along N-MNIST's three saccades \
            (~100 ms each) and turned into events by a DVS emulator (log-intensity change against a per-pixel \
            contrast threshold, refractory period, background noise). The same seed gives the same bytes.
            """)

    @Option(help: "Output dataset root.") var out = "data/synthetic-nmnist"
    @Option(help: "Training samples per digit.") var trainPerClass = 100
    @Option(help: "Test samples per digit.") var testPerClass = 20
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Flag(help: "Replace an earlier synthetic dataset at --out.") var overwrite = false

    func validate() throws {
        guard trainPerClass >= 0, testPerClass >= 0, trainPerClass + testPerClass > 0 else {
            throw ValidationError("--train-per-class and --test-per-class must be ≥ 0 and not both 0")
        }
    }

    func run() async throws {
        let config = SyntheticNMNIST.Configuration(trainPerClass: trainPerClass, testPerClass: testPerClass,
                                                   seed: seed, overwrite: overwrite)
        let start = ContinuousClock.now
        let summary = try await SyntheticNMNIST(root: out, configuration: config).generate()
        let seconds = (ContinuousClock.now - start).seconds
        print("synth: \(summary.files) files, \(summary.totalEvents) events "
            + "(\(summary.minEvents)…\(summary.maxEvents) per sample) in \(String(format: "%.1f", seconds)) s → \(out)")
    }
}
