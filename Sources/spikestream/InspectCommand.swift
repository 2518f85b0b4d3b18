import ArgumentParser
import SpikeCache
import SpikeEvents
import SpikeFormats
import SpikeTransforms

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Summarise an event file (count, ranges, polarity counts, sums, first/last events) or a cache.",
        discussion: """
            WAV files show format, chunks and sample statistics. Event files (.bin, .bs2, .aedat 2.0, 3.1 and 4.0, .aedat4, Prophesee .raw EVT 2.0/3.0 and .dat) are decoded in bounded memory and summarised with the fields of the golden \
            decodings. HDF5 caches (.h5) show their attributes, sample count, per-split counts, frame shape and the samples preprocess --on-error skip left out.
            """)

    @Argument(help: "An event file or an HDF5 cache.")
    var path: String

    @Option(help: "Sensor size WxH for event files whose format does not fix it (e.g. 34x34).")
    var sensor: SensorSizeArgument?

    @Flag(help: "For a cache: also print a SHA-256 of its decoded contents (equal digests ⇔ equal data).")
    var digest = false

    @Option(name: .customLong("transform"),
            help: ArgumentHelp("For an event file: apply this transform (repeatable, in order; augmentations allowed) and show its effect step by step.",
                               discussion: TransformCatalog.helpText))
    var transforms: [String] = []

    @Option(help: "Seed for random transforms (with --transform).") var seed: UInt64 = 0

    @Option(help: ArgumentHelp("For AEDAT 2.0 (DVS128 addresses): which published convention to decode with — standard (SpikeStream's: x = column, y = row from the top, p = 1 ON), raw (the address bits as they are, p = 0 ON), jaer (jAER's DVS128 extractor, y up) or spikingjelly (its CIFAR10-DVS loader, x and y transposed).",
                               valueName: "standard|raw|jaer|spikingjelly"))
    var orientation: DVS128Orientation?

    func run() throws {
        if path.hasSuffix(".h5") {
            print(try CacheSummary(path: path, digest: digest).text)
            return
        }
        if path.lowercased().hasSuffix(".wav") {
            print(try WAVSummary(path: path).text)
            return
        }
        guard let format = EventFileFormat.detect(path: path) else {
            throw ValidationError("unknown file type '\(path)': expected .bin, .bs2, .aedat, .aedat4, .raw, .dat, .wav or .h5")
        }
        if orientation != nil, format != .aedat2 {
            throw ValidationError("--orientation applies to AEDAT 2.0 files (DVS128 address words); '\(path)' is \(format.rawValue)")
        }
        let reader = try format.openReader(path: path, sensorSize: sensor?.size, orientation: orientation ?? .standard)
        if !transforms.isEmpty {
            print(try transformEffect(reader))
            return
        }
        var stats = EventStatistics()
        while let chunk = try reader.nextChunk(maxEvents: 1 << 16) { stats.add(chunk) }
        print(EventSummary(path: path, format: format, sensor: reader.sensorSize, stats: stats,
                           orientation: format == .aedat2 ? orientation ?? .standard : nil).text)
    }
}

/// `WxH` or `WxHxP` on the command line.
struct SensorSizeArgument: ExpressibleByArgument {
    let size: SensorSize
    init?(argument: String) {
        let parts = argument.lowercased().split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ $0 > 0 }) else { return nil }
        size = SensorSize(width: parts[0], height: parts[1], polarities: parts.count == 3 ? parts[2] : 2)
    }
}

extension InspectCommand {
    /// Events and sensor before and after each `--transform` step.
    func transformEffect(_ reader: any EventReader) throws -> String {
        let steps: PostCacheTransforms
        do { steps = try PostCacheTransforms(specs: transforms) } catch { throw ValidationError(error.description) }
        var events = try reader.readAll()
        var sensor = reader.sensorSize
        var random = TransformRandom(seed: seed)
        var lines = ["input:  \(events.count) events on \(sensor)"]
        for step in steps.steps {
            (events, sensor) = try PostCacheTransforms(steps: [step]).apply(events, sensor: sensor, random: &random)
            lines.append("\(step):  \(events.count) events on \(sensor)")
        }
        return lines.joined(separator: "\n")
    }
}
