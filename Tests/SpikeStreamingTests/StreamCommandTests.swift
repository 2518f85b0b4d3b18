import Foundation
import SpikeEvents
import SpikeTestSupport
import Testing

/// How `stream` reads its arguments and empty input: `-` is standard input, a negative --speed is named as such,
/// no events give no prediction, an empty file is an error as in `inspect`.
@Suite("stream command", .enabled(if: SpikeStreamCLI.path != nil, "SKIPPED: no spikestream executable built"))
struct StreamCommandTests {
    @Test("`stream -` reads standard input, like --stdin")
    func dashIsStandardInput() throws {
        let file = try StreamTestSupport.nmnistFile(StreamTestSupport.events(
            count: 2_000, sensor: .nmnist, duration: 50_000, seed: 4))
        let untrained = ["stream", "--spec", "2312-10", "--format", "nmnist"]
        let dash = try SpikeStreamCLI.run(untrained + ["-"], input: file)
        let flag = try SpikeStreamCLI.run(untrained + ["--stdin"], input: file)
        #expect(dash.status == 0 && flag.status == 0)
        let lines = { (output: String) in output.split(separator: "\n").filter { $0.hasPrefix("{\"sample_end\"") } }
        #expect(lines(dash.output).count == 1 && lines(dash.output) == lines(flag.output))
        #expect(!dash.output.contains("cannot open '-'"))
    }

    @Test("--speed -1 is refused as not positive, not as a missing value")
    func negativeSpeed() throws {
        let result = try SpikeStreamCLI.run(["stream", "--spec", "2312-10", "--speed", "-1", "x.bin"])
        #expect(result.status != 0)
        #expect(result.output.contains("--speed must be a positive number or max"))
        #expect(!result.output.contains("Missing value"))
    }

    @Test("no events, no prediction: empty standard input gives null; an empty file is an error as `inspect` says")
    func emptyInput() throws {
        let empty = try StreamTestSupport.temporaryFile("empty.bin")
        try Data().write(to: URL(fileURLWithPath: empty))
        let piped = try SpikeStreamCLI.run(["stream", "--spec", "2312-10", "--format", "nmnist", "-"], input: empty)
        #expect(piped.status == 0)
        #expect(piped.output.contains(
            #"{"sample_end":0,"windows":0,"events":0,"late_events":0,"prediction":null,"confidence":null,"#))
        let message = "'\(empty)' is empty (0 bytes); re-extract it from the dataset archive or remove it."
        let file = try SpikeStreamCLI.run(["stream", "--spec", "2312-10", empty])
        #expect(file.status != 0 && file.output.contains(message) && !file.output.contains("sample_end"))
        #expect(try SpikeStreamCLI.run(["inspect", empty]).output.contains(message))
    }
}
