import Foundation
import SpikeTestSupport
import Testing

/// The `train`, `infer` and `preprocess` commands as a first-time user meets them: nothing replaced unasked,
/// `--resume` says what it found, a cache of another binning is refused, output folders are created one level.
@Suite("train / infer / preprocess first use",
       .enabled(if: SpikeStreamCLI.path != nil, "SKIPPED: no spikestream executable built"))
struct TrainCommandFirstUseTests {
    /// A 1-epoch pipeline on a tiny synthetic set (60 digits, T = 4) in a fresh folder; `lr` varies.
    static func pipeline(in folder: String, lr: String = "0.005") throws -> String {
        let path = folder + "/tiny.yaml"
        try """
            name: tiny
            dataset: {name: synthetic-nmnist, root: \(folder)/digits, train_per_class: 4, test_per_class: 2}
            binning: {time_bins: 4}
            network: {spec: 2312-30-10}
            optimizer: {kind: adam, lr: \(lr)}
            epochs: 1
            batch_size: 8
            seed: 3
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The output with its line breaks and runs of blanks as single spaces (help text wraps).
    static func flat(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test("a finished run is kept; --resume states what it found and what changed; no checkpoint is an error")
    func trainRefusesAndResumes() throws {
        let folder = try RepoPaths.temporaryDirectory("train-first-use")
        let yaml = try Self.pipeline(in: folder), run = folder + "/run", model = run + "/model.h5"
        #expect(try SpikeStreamCLI.run(["train", "--pipeline", yaml, "--out", run]).status == 0)

        let again = try SpikeStreamCLI.run(["train", "--pipeline", yaml, "--out", run])
        #expect(again.status != 0)
        #expect(Self.flat(again.output).contains("'\(model)' already holds a model trained for 1 epoch; pass --resume to "
                                                 + "continue it, --overwrite to train from scratch and replace it and its log"))

        let other = try Self.pipeline(in: folder, lr: "0.01")
        let resumed = try SpikeStreamCLI.run(["train", "--pipeline", other, "--out", run, "--resume", "--epochs", "2"])
        #expect(resumed.status == 0)
        #expect(resumed.output.contains("train: resuming '\(model)' after epoch 1: epochs 2–2 to train."))
        #expect(resumed.output.contains("train: settings changed since that checkpoint (they apply from epoch 2): "
                                        + "epochs 1 → 2, optimizer.lr 0.005 → 0.01"))

        let done = try SpikeStreamCLI.run(["train", "--pipeline", other, "--out", run, "--resume", "--epochs", "2"])
        #expect(done.status == 0)
        #expect(done.output.contains("train: '\(model)' already holds all 2 epochs; nothing to train (pass --epochs 3 or "
                                     + "more to train further)."))
        #expect(!done.output.contains("s this run"))
        let fewer = try SpikeStreamCLI.run(["train", "--pipeline", other, "--out", run, "--resume", "--epochs", "1"])
        #expect(fewer.status != 0 && Self.flat(fewer.output).contains("already holds 2 epochs, more than the 1 asked for"))

        let nothing = try SpikeStreamCLI.run(["train", "--pipeline", yaml, "--out", folder + "/none", "--resume"])
        #expect(nothing.status != 0)
        #expect(Self.flat(nothing.output).contains("--resume found no checkpoint at '\(folder)/none/model.h5'; drop --resume"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/none/model.h5"))
        let both = try SpikeStreamCLI.run(["train", "--pipeline", yaml, "--out", run, "--resume", "--overwrite"])
        #expect(both.status != 0 && both.output.contains("--resume continues the run and --overwrite replaces it"))
        #expect(try SpikeStreamCLI.run(["train", "--pipeline", yaml, "--out", run, "--overwrite"]).status == 0)

        // infer: a cache binned with T = 8 is refused (the model was trained on T = 4), or scored with --force.
        let t8 = folder + "/t8/cache.h5"
        let built = try SpikeStreamCLI.run(["preprocess", "--dataset", "nmnist", "--root", folder + "/digits",
                                            "--time-bins", "8", "--out", t8])
        #expect(built.status == 0 && built.output.contains("preprocess: created folder '\(folder)/t8'"))
        let refused = try SpikeStreamCLI.run(["infer", "--model", model, "--cache", t8])
        #expect(refused.status != 0)
        #expect(Self.flat(refused.output).contains("cache '\(t8)' was binned otherwise than the model '\(model)' was trained "
                                                   + "on (cache → model: value 8 → 4)"))
        let forced = try SpikeStreamCLI.run(["infer", "--model", model, "--cache", t8, "--force"])
        #expect(forced.status == 0)
        #expect(forced.output.contains("warning: --force: scoring cache '\(t8)', binned otherwise than the model was "
                                       + "trained on (cache → model: value 8 → 4)"))

        let deep = try SpikeStreamCLI.run(["preprocess", "--dataset", "nmnist", "--root", folder + "/digits",
                                           "--out", folder + "/a/b/cache.h5"])
        #expect(deep.status != 0)
        #expect(Self.flat(deep.output).contains("its folder '\(folder)/a/b' does not exist and neither does '\(folder)/a'"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/a"))
    }

    @Test("infer --help lists the split words and the default word; preprocess --help says its default once")
    func helpTexts() throws {
        let help = try SpikeStreamCLI.run(["infer", "--help"])
        #expect(Self.flat(help.output).contains("Split to evaluate. (values: train, test, validation; default: test)"))
        #expect(try SpikeStreamCLI.run(["infer", "--model", "m.h5", "--cache", "c.h5", "--split", "1"]).status != 0)
        let preprocess = Self.flat(try SpikeStreamCLI.run(["preprocess", "--help"]).output)
        #expect(preprocess.contains("Parallel decode/bin/compress workers (default: all cores). --"))
    }
}
