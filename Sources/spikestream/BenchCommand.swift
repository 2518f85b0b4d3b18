import ArgumentParser
import Foundation
import SpikeEvents
import SpikeFormats
import SpikePipeline

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure decode, binning and cache throughput (scripts/bench runs these beside tonic/h5py).",
        subcommands: [BenchDecode.self, BenchBin.self, BenchCache.self, BenchMakeLarge.self])
}

/// Median wall time of `repeat` runs of `body`, in seconds.
func medianSeconds(repeat count: Int, _ body: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<max(1, count) {
        let start = ContinuousClock.now
        try body()
        times.append((ContinuousClock.now - start).seconds)
    }
    return times.sorted()[times.count / 2]
}

/// Prints a result as one JSON object on stdout (for scripts/bench) and a readable line on stderr.
func report(_ fields: [String: Double], name: String) {
    let body = fields.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ")
    print("{\"bench\": \"\(name)\", \(body)}")
    FileHandle.standardError.write(Data((name + ": " + fields.sorted { $0.key < $1.key }
        .map { "\($0.key)=\(String(format: "%.4g", $0.value))" }.joined(separator: "  ") + "\n").utf8))
}

struct BenchDecode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode", abstract: "Decode N-MNIST files end to end (events/s, median of --repeat runs).")

    @Argument(help: "N-MNIST .bin/.bs2 files.") var files: [String]
    @Option(help: "Runs to take the median of.") var `repeat` = 5
    @Option(help: "Events per chunk.") var chunk = 1 << 16

    func run() throws {
        var total = 0
        let seconds = try medianSeconds(repeat: `repeat`) {
            total = 0
            for file in files {
                let reader = try NMNISTReader(path: file)
                while let events = try reader.nextChunk(maxEvents: chunk) { total += events.count }
            }
        }
        report(["events": Double(total), "seconds": seconds, "events_per_s": Double(total) / seconds], name: "decode")
    }
}

struct BenchMakeLarge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "make-large",
        abstract: "Write a large N-MNIST-format file of random time-ordered events (uses overflow markers).")

    @Option(help: "Number of events.") var events = 50_000_000
    @Option(help: "Output path.") var out: String
    @Option(help: "Seed.") var seed: UInt64 = 1

    func run() throws {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func next() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
        let writer = try NMNISTWriter(path: out)
        var t: Int64 = 0
        let block = 1 << 20
        var written = 0
        while written < events {
            let n = min(block, events - written)
            var chunk = EventChunk(capacity: n)
            for _ in 0..<n {
                let r = next()
                t += Int64(r & 15)  // 7.5 µs mean spacing
                chunk.append(t: t, x: UInt16((r >> 8) % 34), y: UInt16((r >> 16) % 34), p: UInt8((r >> 24) & 1))
            }
            try writer.write(chunk)
            written += n
        }
        try writer.close()
        FileHandle.standardError.write(Data("wrote \(events) events to \(out)\n".utf8))
    }
}
