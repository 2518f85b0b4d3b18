import Foundation
import SpikeTestSupport
import Testing

/// `inspect --orientation` reproduces the numbers a jAER, tonic (raw fields) or SpikingJelly user sees on the
/// same AEDAT 2.0 file — the golden's statistics under each published convention — and says which it printed.
@Suite("inspect --orientation on a real AEDAT 2.0 file")
struct InspectOrientationTests {
    static let sample = "mnist-dvs-aedat2/mnist_0_scale04_0001.aedat"

    /// (orientation, sum_x, sum_y, first event, start of the convention line) from the golden's conventions.
    static let expected: [(String, Int, Int, String, String)] = [
        ("raw", 1_053_121, 987_962, "[0, 72, 67, 0]", "raw: the DVS128 address bits"),
        ("jaer", 946_367, 987_962, "[0, 55, 67, 1]", "jaer: jAER's DVS128 extractor"),
        ("spikingjelly", 1_011_526, 946_367, "[0, 60, 55, 1]", "spikingjelly: its CIFAR10-DVS loader"),
    ]

    @Test("each convention gives the golden's sums and first event",
          .enabled(if: SharedSamples.available, SharedSamples.skipReason),
          .enabled(if: SpikeStreamCLI.path != nil, "SKIPPED: the spikestream executable is not built next to the tests"),
          arguments: expected.indices)
    func convention(_ i: Int) throws {
        let (orientation, sumX, sumY, first, convention) = Self.expected[i]
        let run = try SpikeStreamCLI.run(["inspect", SharedSamples.path(Self.sample), "--orientation", orientation])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("convention:      \(convention)"))
        #expect(run.output.contains("sum_x:           \(sumX)\n") && run.output.contains("sum_y:           \(sumY)\n"))
        #expect(run.output.contains("first_events:    \(first) "))
    }

    @Test("the default says it is SpikeStream's and names the others; other formats refuse the option",
          .enabled(if: SharedSamples.available, SharedSamples.skipReason),
          .enabled(if: SpikeStreamCLI.path != nil, "SKIPPED: the spikestream executable is not built next to the tests"))
    func defaultAndRefusal() throws {
        let plain = try SpikeStreamCLI.run(["inspect", SharedSamples.path(Self.sample)])
        #expect(plain.output.contains("convention:      standard: x = 127 − raw x") && plain.output.contains("--orientation raw|jaer|spikingjelly"))
        let nmnist = try SpikeStreamCLI.run(["inspect", SharedSamples.path("nmnist/tonic_sample_nmnist.bin"), "--orientation", "raw"])
        #expect(nmnist.status != 0 && nmnist.output.contains("--orientation applies to AEDAT 2.0 files"))
    }
}
