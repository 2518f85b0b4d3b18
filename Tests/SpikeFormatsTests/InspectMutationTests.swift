import Foundation
import SpikeTestSupport
import Testing

/// scripts/mutate_inspect.py: 12 fixed-seed mutants of each real sample (N-MNIST, AEDAT 2.0, the AEDAT 3.1
/// fixtures, the three smallest WAVs) through `spikestream inspect`, each within 10 s and without a signal, a
/// silent failure or impossible values in a summary.
@Suite("Mutated real samples through inspect")
struct InspectMutationTests {
    @Test("204 mutants: no crash, hang, silent failure or impossible value",
          .enabled(if: SharedSamples.available, SharedSamples.skipReason),
          .enabled(if: SpikeStreamCLI.path != nil, "SKIPPED: the spikestream executable is not built next to the tests"))
    func mutants() throws {
        let result = try PythonRunner.run([
            RepoPaths.root + "/scripts/mutate_inspect.py", SpikeStreamCLI.path!, SharedSamples.root!,
            "--aedat31", RepoPaths.root + "/Tests/SpikeFormatsTests/Fixtures/aedat31", "--seed", "21", "--per-file", "12",
        ])
        #expect(result.status == 0, "\(result.output)")
        let summary = try #require(result.output.firstMatch(of: /(\d+) mutants of (\d+) samples .*: (\d+) summarised, (\d+) refused with an error, (\d+) failures/))
        #expect(Int(summary.1) == 204 && Int(summary.2) == 17)
        #expect(Int(summary.3)! + Int(summary.4)! == 204)
        #expect(Int(summary.3)! > 0 && Int(summary.4)! > 0, "every mutant summarised or every one refused: \(summary.0)")
        #expect(Int(summary.5) == 0, "\(result.output)")
    }
}
