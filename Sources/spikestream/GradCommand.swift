import ArgumentParser
import Foundation
import SpikeFormats
import SpikeModel

struct GradCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grad",
        abstract: "Run one forward + backward pass of a small network given as a gradient case (.npz) and write what the engine computes.",
        discussion: """
            The case names the rule (stbp-h1…h4, bpsa, bpsa-bpta, tssl, mt-f1…f3) and its options, the layers \
            (dense or conv), their weights, the input and the target; the result holds the loss and, per layer, \
            spikes s, membrane u, PSC a (tssl), ∂L/∂I dI, δ delta (multi-threshold paper rule), dW and db — the \
            keys, shapes and conventions of docs/GRADIENTS.md, so any other implementation can be compared with \
            ours array by array. Both files are NumPy .npz archives (numpy.savez / numpy.load).
            """)

    @Option(help: "The gradient case (.npz).") var `case`: String
    @Option(help: "Where to write the result (.npz); an existing file is replaced only with --overwrite.") var out: String
    @Flag(help: "Replace an existing result file.") var overwrite = false

    func run() throws {
        if FileManager.default.fileExists(atPath: out), !overwrite {
            throw ValidationError("'\(out)' exists; pass --overwrite to replace it")
        }
        let gradientCase = try GradientCase(arrays: NumPyArchive.read(path: `case`), path: `case`)
        let result = try gradientCase.result()
        try NumPyArchive.write(result, to: out)
        let layers = result.keys.filter { $0.hasPrefix("dW") }.count
        print("grad: \(gradientCase.rule), \(gradientCase.config.spec), loss \(result["loss"]!.values[0]), \(layers) layers → \(out)")
    }
}
