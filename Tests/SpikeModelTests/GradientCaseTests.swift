import Foundation
import SpikeFormats
import SpikeModel
import SpikeTestSupport
import Testing

/// `spikestream grad`'s engine side on the committed cases of scripts/make_gradient_cases.py, whose PyTorch/NumPy
/// references follow the papers and (TSSL-BP) a literal transcription of the authors' code: every array of every
/// case within the format's tolerance, spikes exactly; broken case files are one-line errors naming the key.
@Suite("Gradient cases against independent references")
struct GradientCaseTests {
    static let folder = RepoPaths.root + "/Tests/SpikeNetTests/Fixtures/gradient-cases"
    static let names: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
        .filter { $0.hasSuffix(".npz") && !$0.hasSuffix(".expected.npz") }.map { String($0.dropLast(4)) }.sorted()

    @Test("the fixture set covers every rule and option of the format")
    func coverage() throws {
        var rules = Set<String>(), options = Set<String>()
        for name in Self.names {
            let arrays = try NumPyArchive.read(path: "\(Self.folder)/\(name).npz")
            rules.insert(GradientCase.rules[Int(arrays["rule_id"]!.values[0])])
            for key in ["detach_reset", "vote", "loss_class_mean", "tssl_reset", "tssl_clamp", "tssl_leak", "tssl_warmup",
                        "mt_mode", "loss_reduction"] {
                if let v = arrays[key] { options.insert("\(key)=\(Int(v.values[0]))") }
            }
        }
        #expect(rules == Set(GradientCase.rules))
        let expected: Set<String> = ["detach_reset=0", "detach_reset=1", "vote=1", "vote=2", "loss_class_mean=0",
                                     "loss_class_mean=1", "tssl_reset=0", "tssl_reset=1", "tssl_clamp=0", "tssl_clamp=1",
                                     "tssl_leak=0", "tssl_leak=1", "tssl_warmup=0", "tssl_warmup=1", "tssl_warmup=2",
                                     "mt_mode=0", "mt_mode=1", "mt_mode=2", "loss_reduction=0", "loss_reduction=1"]
        #expect(expected.subtracting(options).isEmpty, "options without a case: \(expected.subtracting(options))")
    }

    @Test("every array equals the reference (spikes exactly, the rest within 1e-4 of its largest value)", arguments: names)
    func matchesReference(_ name: String) throws {
        let path = "\(Self.folder)/\(name).npz"
        let ours = try GradientCase(arrays: NumPyArchive.read(path: path), path: path).result()
        let reference = try NumPyArchive.read(path: "\(Self.folder)/\(name).expected.npz")
        #expect(Set(ours.keys) == Set(reference.keys))
        for (key, ref) in reference {
            guard let mine = ours[key] else { continue }
            #expect(mine.shape == ref.shape, "\(key)")
            guard mine.shape == ref.shape else { continue }
            if key.hasPrefix("s") {
                #expect(mine.values == ref.values, "\(key): spikes differ")
            } else {
                let scale = ref.values.map(abs).max() ?? 0
                let error = zip(mine.values, ref.values).map { abs($0 - $1) }.max() ?? 0
                #expect(error <= 1e-4 * scale + 1e-12, "\(key): max error \(error) vs max |ref| \(scale)")
            }
        }
    }

    @Test("`spikestream grad` writes the result file, refuses to overwrite, and says why a file is not a case",
          .enabled(if: SpikeStreamCLI.path != nil, "SKIPPED: no spikestream executable built"))
    func command() throws {
        let dir = try RepoPaths.temporaryDirectory("grad-cli")
        let name = try #require(Self.names.first { $0.hasPrefix("tssl-code") })
        func grad(_ arguments: [String]) throws -> (status: Int32, output: String) { try SpikeStreamCLI.run(["grad"] + arguments) }
        let run = try grad(["--case", "\(Self.folder)/\(name).npz", "--out", dir + "/r.npz"])
        #expect(run.status == 0, "\(run.output)")
        let written = try NumPyArchive.read(path: dir + "/r.npz")
        let reference = try NumPyArchive.read(path: "\(Self.folder)/\(name).expected.npz")
        #expect(written.keys.sorted() == reference.keys.sorted())
        #expect(written["s1"] == reference["s1"])
        let again = try grad(["--case", "\(Self.folder)/\(name).npz", "--out", dir + "/r.npz"])
        #expect(again.status != 0 && again.output.contains("--overwrite"))
        try Data("not a zip".utf8).write(to: URL(fileURLWithPath: dir + "/bad.npz"))
        let bad = try grad(["--case", dir + "/bad.npz", "--out", dir + "/r2.npz"])
        #expect(bad.status != 0 && bad.output.contains("is not a NumPy .npz archive"), "\(bad.output)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/r2.npz"))
    }

    @Test("a broken case is one line naming the key")
    func brokenCases() throws {
        let path = "\(Self.folder)/\(Self.names.first { $0.hasPrefix("stbp") }!).npz"
        let arrays = try NumPyArchive.read(path: path)
        func error(_ change: (inout [String: NumPyArray]) -> Void) -> String {
            var a = arrays
            change(&a)
            do { _ = try GradientCase(arrays: a, path: "c.npz"); return "" } catch { return "\(error)" }
        }
        #expect(error { $0["W1"] = nil } == "'c.npz': the case has no 'W1' (see docs/GRADIENTS.md for the keys a case needs)")
        #expect(error { $0["rule_id"] = .int64(12) }.hasPrefix("'c.npz': 'rule_id' is 12; known rules are 0…9"))
        #expect(error { $0["x"] = .float64([0, 1], shape: [2]) }.hasPrefix("'c.npz': 'x' has shape [2], expected (T, B,"))
        #expect(error { $0["b0"] = .float64([0], shape: [1]) }.hasPrefix("'c.npz': 'b0' has shape [1]"))
        #expect(error { $0["layer_kind"] = NumPyArray(dtype: .int64, shape: [2], values: [0, 7]) }
            .contains("has 7 for layer 1; 0 is dense, 1 conv"))
        #expect(error { _ in }.isEmpty)
    }
}
