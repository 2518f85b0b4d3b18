import ArgumentParser
import Foundation
import SpikeEvents
import SpikePipeline
import SpikeTransforms

/// `bench transforms`: every event transform and representation on one deterministic DVS128-sized stream;
/// scripts/bench-transforms runs tonic's versions on the same events (written with --write-npy) beside it.
struct BenchTransforms: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transforms",
        abstract: "Time each event transform on a synthetic time-ordered 128×128 stream (events/s, median).")

    @Option(help: "Events in the stream.") var events = 10_000_000
    @Option(help: "Runs to take the median of.") var `repeat` = 3
    @Option(help: "Write the stream as a structured .npy (t<i8, x<i2, y<i2, p<i1) for the tonic benchmark.")
    var writeNpy: String?
    @Option(help: "Only transforms whose spec starts with this.") var only: String?

    /// The specs timed, shared by name with scripts/bench_transforms.py.
    static let specs = [
        "denoise:filterTime=10000", "refractory:period=1000", "centerCrop:size=64,64", "randomCrop:size=64,64",
        "crop:box=32,32,64,64", "downsample:spatialFactor=0.5,timeFactor=0.001", "flipLR", "flipUD",
        "flipPolarity", "randomFlip:axis=lr,p=1", "mergePolarities", "cropTime:min=1000000,max=3000000",
        "timeAlignment", "timeSkew:coefficient=1.1,offset=5", "timeJitter:std=100", "spatialJitter:varX=1,varY=1,clipOutliers=true",
        "dropEvent:p=0.1", "dropByTime:ratio=0.2", "dropByArea:ratio=0.2", "dropPixel:pixels=10,10,20,20,30,30",
        "hotPixels:frequency=180", "decimation:n=4", "uniformNoise:n=100000",
    ]
    static let representations: [(String, any EventRepresentation)] = [
        ("voxelGrid:bins=10", VoxelGrid(bins: 10)), ("timeSurface:dt=50000,tau=10000", TimeSurface(dt: 50_000, tau: 10_000)),
    ]

    func run() throws {
        let stream = Self.stream(count: events)
        if let path = writeNpy { try Self.writeNpy(stream, to: path) }
        let selected = { (spec: String) in only.map { spec.hasPrefix($0) } ?? true }
        for spec in Self.specs where selected(spec) {
            let step = try TransformStep(spec: spec)
            var outCount = 0
            let timing = try Self.median(repeat: `repeat`) { (clock) throws -> Void in
                // A private copy made before the clock starts (as the tonic side copies its array untimed), so
                // transforms that can work in place on a consumed chunk do. Not `slice`: a whole-range slice
                // shares the stream's buffers, and the transform would pay for the copy-on-write. The output
                // is dropped after the clock stops, as tonic's input copy is.
                var input = EventChunk(capacity: stream.count)
                input.append(contentsOf: stream)
                var random = TransformRandom(seed: 1)
                clock.start()
                let output = try step.apply(consume input, sensor: .dvs128, random: &random)
                clock.stop()
                outCount = output.0.count
            }
            report(timing.fields(events: events).merging(["out_events": Double(outCount)]) { a, _ in a }, name: spec)
        }
        for (spec, representation) in Self.representations where selected(spec) {
            var total = 0.0
            let timing = try Self.median(repeat: `repeat`) { (clock) throws -> Void in
                clock.start()
                let frames = try representation.frames(stream, sensor: .dvs128)
                clock.stop()
                total = frames.total
            }
            report(timing.fields(events: events).merging(["checksum": total]) { a, _ in a }, name: spec)
        }
    }

    /// Median wall and thread-CPU seconds of `count` runs; `body` starts and stops the clock around the timed part.
    /// CPU time is the steadier figure on a loaded machine (time spent waiting for a core is not counted).
    static func median(repeat count: Int, _ body: (inout Stopwatch) throws -> Void) rethrows -> Stopwatch.Medians {
        var runs: [Stopwatch] = []
        for _ in 0..<max(1, count) {
            var clock = Stopwatch()
            try body(&clock)
            runs.append(clock)
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        return Stopwatch.Medians(wall: median(runs.map(\.wall)), cpu: median(runs.map(\.cpu)))
    }

    /// A DVS128-like recording at ~2 M events/s: a vertical and a horizontal edge sweeping across the sensor
    /// (ON on the leading side, OFF on the trailing one) plus 10 % uniform background noise. Time-ordered.
    static func stream(count: Int) -> EventChunk {
        var random = TransformRandom(seed: 2024)
        return EventChunk(unsafeUninitializedCapacity: count) { out in
            var t: Int64 = 0
            for i in 0..<count {
                t += Int64(random.below(2))
                let r = random.next()
                let (x, y, p): (UInt64, UInt64, UInt64)
                if r % 10 == 0 {
                    (x, y, p) = ((r >> 8) % 128, (r >> 16) % 128, (r >> 24) & 1)
                } else {
                    let jitter = (r >> 8) % 5, along = (r >> 16) % 128, side = (r >> 24) & 1
                    let vertical = (r >> 25) & 1 == 0
                    let centre = UInt64(t / (vertical ? 20_000 : 35_000)) % 124
                    let across = centre + jitter
                    (x, y, p) = vertical ? (across, along, side) : (along, across, side)
                }
                out.t[i] = t
                out.x[i] = UInt16(x)
                out.y[i] = UInt16(y)
                out.p[i] = UInt8(p)
            }
            return count
        }
    }

    /// A NumPy .npy (format 1.0) holding one structured array with fields t, x, y, p.
    static func writeNpy(_ events: EventChunk, to path: String) throws {
        var header = "{'descr': [('t', '<i8'), ('x', '<i2'), ('y', '<i2'), ('p', '<i1')], 'fortran_order': False, "
            + "'shape': (\(events.count),), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        withUnsafeBytes(of: UInt16(header.utf8.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: Array(header.utf8))
        var record = [UInt8](repeating: 0, count: events.count * 13)
        for i in 0..<events.count {
            withUnsafeBytes(of: events.t[i].littleEndian) { record.replaceSubrange(i * 13..<i * 13 + 8, with: $0) }
            withUnsafeBytes(of: events.x[i].littleEndian) { record.replaceSubrange(i * 13 + 8..<i * 13 + 10, with: $0) }
            withUnsafeBytes(of: events.y[i].littleEndian) { record.replaceSubrange(i * 13 + 10..<i * 13 + 12, with: $0) }
            record[i * 13 + 12] = events.p[i]
        }
        data.append(contentsOf: record)
        try data.write(to: URL(fileURLWithPath: path))
    }
}
