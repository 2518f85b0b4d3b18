import ArgumentParser
import Foundation
import SpikeEvents
import SpikeFormats
import SpikePipeline

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure decode, binning and cache throughput (scripts/bench runs these beside tonic/h5py).",
        subcommands: [BenchDecode.self, BenchBin.self, BenchCache.self, BenchMakeLarge.self, BenchTransforms.self,
                      BenchAudio.self, BenchSpeechSpikes.self, BenchSNN.self, BenchStream.self, BenchEpoch.self])
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
func report(_ fields: [String: Double], name: String, text: [String: String] = [:]) {
    let numbers = fields.sorted { $0.key < $1.key }
    let words = text.sorted { $0.key < $1.key }
    let body = (numbers.map { "\"\($0.key)\": \($0.value)" } + words.map { "\"\($0.key)\": \"\($0.value)\"" })
        .joined(separator: ", ")
    print("{\"bench\": \"\(name)\", \(body)}")
    FileHandle.standardError.write(Data((name + ": " + (numbers.map { "\($0.key)=\(String(format: "%.4g", $0.value))" }
        + words.map { "\($0.key)=\($0.value)" }).joined(separator: "  ") + "\n").utf8))
}

struct BenchDecode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode", abstract: "Decode event files end to end (events/s, median of --repeat runs).")

    @Argument(help: "Event files of any supported format (.bin/.bs2, AEDAT 2.0/3.1/4.0 .aedat/.aedat4, Prophesee .raw/.dat).")
    var files: [String]
    @Option(help: "Runs to take the median of.") var `repeat` = 5
    @Option(help: "Events per chunk.") var chunk = 1 << 16

    func run() throws {
        var total = 0
        let seconds = try medianSeconds(repeat: `repeat`) {
            total = 0
            for file in files {
                guard let format = EventFileFormat.detect(path: file) else {
                    throw ValidationError("'\(file)': unknown event file format")
                }
                let reader = try format.openReader(path: file)
                while let events = try reader.nextChunk(maxEvents: chunk) { total += events.count }
            }
        }
        report(["events": Double(total), "seconds": seconds, "events_per_s": Double(total) / seconds], name: "decode")
    }
}

struct BenchMakeLarge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "make-large",
        abstract: "Write a large file of random time-ordered events through our writers (N-MNIST uses overflow "
            + "markers, AEDAT 2.0 wraps its 32-bit timestamps, AEDAT 3.1 mixes in SPECIAL packets).")

    @Option(help: "Number of events.") var events = 50_000_000
    @Option(help: "nmnist, aedat2, aedat31, aedat4, evt2, evt3 or dat.") var format = "nmnist"
    @Option(help: "Output path.") var out: String
    @Option(help: "Seed.") var seed: UInt64 = 1

    func run() throws {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func next() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
        guard let fileFormat = EventFileFormat(rawValue: format) else {
            throw ValidationError("--format must be one of: "
                                      + EventFileFormat.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let sensor = fileFormat == .nmnist ? 34 : 128
        let writer = try LargeFileWriter(format: fileFormat, path: out)
        var t: Int64 = 0
        let block = 1 << 20
        var written = 0
        while written < events {
            let n = min(block, events - written)
            var chunk = EventChunk(capacity: n)
            for _ in 0..<n {
                let r = next()
                t += Int64(r & 15)  // 7.5 µs mean spacing
                chunk.append(t: t, x: UInt16((r >> 8) % UInt64(sensor)), y: UInt16((r >> 16) % UInt64(sensor)),
                             p: UInt8((r >> 24) & 1))
            }
            try writer.write(chunk)
            written += n
        }
        try writer.close()
        FileHandle.standardError.write(Data("wrote \(events) events to \(out)\n".utf8))
    }
}

/// The writer `bench make-large` uses for each format.
private struct LargeFileWriter {
    let write: (EventChunk) throws -> Void
    let close: () throws -> Void

    init(format: EventFileFormat, path: String) throws {
        switch format {
        case .nmnist:
            let writer = try NMNISTWriter(path: path)
            write = { try writer.write($0) }
            close = { try writer.close() }
        case .aedat2:
            let writer = try AEDAT2Writer(path: path)
            write = { try writer.write($0) }
            close = { try writer.close() }
        case .aedat31:
            // One SPECIAL packet per block, as a camera's timestamp-reset / sync events would appear.
            let writer = try AEDAT31Writer(path: path)
            write = { chunk in
                try writer.writeOtherEvents(type: AEDAT31PacketHeader.specialType, eventSize: 8,
                                            timestamps: [chunk.t[0]])
                try writer.writePolarity(chunk, packetEvents: 8192)
            }
            close = { try writer.close() }
        case .aedat4:
            let writer = try AEDAT4Writer(path: path, sensorSize: .dvs128)
            write = { try writer.write($0) }
            close = { try writer.close() }
        case .evt2, .evt3, .dat:
            let writer = try PropheseeWriter(path: path, encoding: PropheseeEncoding(rawValue: format.rawValue)!,
                                             sensorSize: .dvs128)
            write = { try writer.write($0) }
            close = { try writer.close() }
        }
    }
}
