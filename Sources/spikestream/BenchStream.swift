#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import SpikeStreaming

/// `bench stream`: the `stream` path (decode → window → network step → JSON line) on a large synthetic
/// N-MNIST file replayed as fast as it can be read; reports window latency p50/p99 and sustained events/s.
struct BenchStream: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream",
        abstract: "Replay a large synthetic N-MNIST file through online inference at max speed (latency p50/p99, "
            + "sustained events/s; JSON lines go to /dev/null).")

    @Option(help: "Events in the synthetic file (7.5 µs apart on average, so 5 M events ≈ 37 s of recording).")
    var events = 5_000_000
    @Option(help: "Use this N-MNIST file instead of writing a synthetic one.") var file: String?
    @Option(help: "Network spec (untrained, fixed seed).") var spec = "2312-400-400-10"
    @Option(help: "Window in µs.") var timeWindow: Int64 = 10_000
    @Option(help: "Replay speed (× real time) instead of max.") var speed: Double?
    @Option(help: "Bytes per read.") var readBuffer = 1 << 16

    func run() throws {
        let path: String
        if let file {
            path = file
        } else {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("bench-stream-\(events).bin").path
            if !FileManager.default.fileExists(atPath: path) {
                try BenchMakeLarge.parse(["--events", "\(events)", "--format", "nmnist", "--out", path]).run()
            }
        }
        let (model, _, _) = try StreamModelOptions.parse(["--spec", spec, "--time-window", "\(timeWindow)"]).load(format: .nmnist)
        let runner = StreamRunner(model: model, options: .init(format: .nmnist, source: path, speed: speed,
                                                               readBufferBytes: readBuffer))
        let input = open(path, O_RDONLY | O_CLOEXEC), devNull = open("/dev/null", O_WRONLY | O_CLOEXEC)
        guard input >= 0, devNull >= 0 else { throw ValidationError("cannot open '\(path)' or /dev/null") }
        defer { close(input); close(devNull) }
        var stats = StreamStats()
        try runner.run(fd: input, sink: DescriptorSink(fd: devNull, isSocket: false), stats: &stats)
        report(["events": Double(stats.events), "windows": Double(stats.windows), "seconds": stats.seconds,
                "events_per_s": stats.eventsPerSecond, "latency_p50_us": stats.latency(quantile: 0.5) ?? 0,
                "latency_p99_us": stats.latency(quantile: 0.99) ?? 0], name: "stream")
    }
}
