import ArgumentParser
import Foundation
import SpikeEvents
import SpikeTraining

struct InferCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "infer",
        abstract: "Evaluate a trained model on a cache: accuracy, per-class accuracy, confusion, firing rates, energy.",
        discussion: """
            The energy estimate follows BPSA (Eq. 1): E_ANN = Σ MACs·E_MAC and E_SNN = Σ MACs·r·T·E_AC, with r the \
            spike rate arriving at each dense/conv layer. Defaults are 45 nm values (E_MAC 4.6 pJ, E_AC 0.9 pJ).
            """)

    @Option(help: ArgumentHelp("Model checkpoint written by `train`, or a NIR graph (.nir, from `export` or another "
        + "tool), which is scored on the cache's own binning."))
    var model: String
    @Option(help: "Cache built with the model's pipeline.") var cache: String
    @Option(help: "Split to evaluate.") var split: SplitArgument = .test
    @Option(help: "Energy of one multiply-accumulate, pJ.") var macPj = 4.6
    @Option(help: "Energy of one accumulate, pJ.") var acPj = 0.9
    @Flag(help: "Print the report as JSON.") var json = false
    @Flag(help: "Score a cache binned otherwise than the model's pipeline (with a warning) instead of refusing it.")
    var force = false
    @OptionGroup var engine: EngineThreadsOption
    @OptionGroup var device: EngineDeviceOption
    @Option(help: ArgumentHelp("Also write every sample's prediction to this file, one JSON line each: "
        + "{\"id\":…,\"label\":…,\"output\":[…],\"prediction\":…}, output being the output layer summed over the "
        + "sample's time steps (its spike counts when it spikes).", valueName: "file.jsonl"))
    var predictions: String?

    func run() async throws {
        engine.apply()
        let backend = try device.inferenceBackend(threads: engine.threads)
        let report = try await InferenceReport.evaluate(
            modelPath: model, cachePath: cache, split: split.split,
            constants: EnergyConstants(macPicojoules: macPj, acPicojoules: acPj), backend: backend) { otherBinning in
                guard force, case let .binningMismatch(cache, _, differences) = otherBinning else { throw otherBinning }
                logLine("warning: --force: scoring cache '\(cache)', binned otherwise than the model was trained on "
                        + "(cache → model: \(differences.joined(separator: ", "))); its scores are not the model's own.")
            }
        if let predictions {
            try SamplePrediction.jsonLines(report.predictions).write(toFile: predictions, atomically: true, encoding: .utf8)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(InferenceText(report).text)
        }
    }
}
