import Foundation
import SpikeTestSupport
import Testing

/// A Prophesee camera's EVT 3.0 on standard input, as a live pipe feeds it: the real Gen4.1 EVK3 recording piped
/// to `stream --stdin --format evt3` gives every event of the golden decoding and the lines `stream FILE` gives.
@Suite("stream: Prophesee EVT 3.0 on standard input",
       .enabled(if: SpikeStreamCLI.path != nil, "SKIPPED: no spikestream executable built"),
       .enabled(if: SharedSamples.available, SharedSamples.skipReason))
struct StreamPropheseePipeTests {
    @Test("the EVT 3.0 sample through a pipe: 219 596 events, the file's windows and prediction")
    func evt3Pipe() throws {
        let path = SharedSamples.path("prophesee/expelliarmus_evt3_sample.raw")
        let model = ["--spec", "10", "--time-window", "2000"]  // the recording lasts about 10 ms
        let piped = try SpikeStreamCLI.run(["stream", "--stdin", "--format", "evt3"] + model, input: path)
        let file = try SpikeStreamCLI.run(["stream", path, "--speed", "max"] + model)
        #expect(piped.status == 0 && file.status == 0, "\(piped.output.suffix(300))")
        func rows(_ output: String) throws -> [[String: String]] {
            try output.split(separator: "\n").filter { $0.hasPrefix("{") }.map { line in
                var fields = try parse(String(line)).mapValues { "\($0)" }
                fields["latency_us"] = nil
                return fields
            }
        }
        let pipedRows = try rows(piped.output), fileRows = try rows(file.output)
        #expect(pipedRows == fileRows)
        #expect(pipedRows.last?["events"] == "\(try SharedSamples.golden(for: "prophesee/expelliarmus_evt3_sample.raw").event_count)")
        #expect(pipedRows.last?["events"] == "219596")
        #expect(pipedRows.count > 2)
    }
}
