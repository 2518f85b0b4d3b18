import ArgumentParser
import SpikeEvents
import SpikeFormats
import SpikeTransforms

struct BenchBin: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bin", abstract: "Bin decoded N-MNIST files into frames (events/s; decoding not timed).")

    @Argument(help: "N-MNIST .bin/.bs2 files.") var files: [String]
    @Option(help: "Number of time bins.") var timeBins = 16
    @Option(help: "Runs to take the median of.") var `repeat` = 5
    @Flag(help: "Use tonic 1.7 ToFrame semantics.") var tonic = false

    func run() throws {
        let streams = try files.map { try NMNISTReader(path: $0).readAll() }
        let binning = FrameBinning(.nTimeBins(timeBins), compat: tonic ? .tonic : .native)
        let total = streams.reduce(0) { $0 + $1.count }
        var checksum = 0.0
        let seconds = try medianSeconds(repeat: `repeat`) {
            checksum = 0
            for events in streams { checksum += try binning.frames(events, sensor: .nmnist).storage[0] }
        }
        report(["events": Double(total), "seconds": seconds, "events_per_s": Double(total) / seconds,
                "checksum": checksum], name: tonic ? "bin-tonic" : "bin")
    }
}
