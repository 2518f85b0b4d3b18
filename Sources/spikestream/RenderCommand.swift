import ArgumentParser
import Foundation
import SpikeAudio
import SpikeCache
import SpikeEvents
import SpikeFormats
import SpikeRender

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Pictures: event frames as a PNG strip or an animated GIF, spike rasters, training curves.",
        discussion: """
            Frames are coloured ON = orange, OFF = blue, both = white on black, with counts in 8 strength \
            levels up to the 99th percentile of the sample's non-zero counts (hot pixels saturate).
            """,
        subcommands: [RenderFramesCommand.self, RenderGIFCommand.self, RenderRasterCommand.self,
                      RenderCurvesCommand.self])
}

struct RenderFramesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frames",
        abstract: "All time steps of one sample side by side in one PNG (1-px grey separators).",
        discussion: """
            Frames of a one-row sensor (a Speech Commands cache: mel bands × 1) are drawn as one time × channel \
            picture instead: time steps left to right, channel 0 at the bottom.
            """)

    @OptionGroup var source: RenderFrameInput
    @Option(help: "Output PNG (.png).") var out = "frames.png"

    func validate() throws { try ImageOutputName.check(out, format: "png", command: "render frames") }

    func run() throws {
        try OutputFolder.prepare(for: out, command: "render frames")
        let (frames, origin) = try source.frames()
        let scale = source.scale(for: frames)
        let strip = if frames.shape.height == 1 && frames.shape.width > 1 {
            try FrameImages().timeByChannel(frames, scale: scale)
        } else {
            try FrameImages().strip(frames, scale: scale)
        }
        try PNGCodec.write(strip, to: out)
        print("render frames: \(frames.shape.timeSteps) frames \(frames.shape) from \(origin) → \(out) "
            + "(\(strip.width)×\(strip.height) px)")
    }
}

struct RenderGIFCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gif",
        abstract: "The time steps of one sample as an animated GIF, looping.")

    @OptionGroup var source: RenderFrameInput
    @Option(help: "Output GIF (.gif).") var out = "frames.gif"
    @Option(help: "Frames per second (GIF delays are whole hundredths of a second).") var fps = 10.0
    @Option(help: "Times to repeat after the first play; 0 loops forever.") var loop = 0

    func validate() throws {
        guard fps > 0, fps <= 100 else { throw ValidationError("--fps must be in (0, 100]") }
        try ImageOutputName.check(out, format: "gif", command: "render gif")
    }

    func run() throws {
        try OutputFolder.prepare(for: out, command: "render gif")
        let (frames, origin) = try source.frames()
        let images = try FrameImages().images(frames, scale: source.scale(for: frames))
        let delay = Int((100 / fps).rounded())
        try GIFAnimation(frames: images, delayCentiseconds: delay, loopCount: loop).write(to: out)
        print("render gif: \(images.count) frames \(frames.shape) from \(origin), \(delay) cs each → \(out)")
    }
}

struct RenderRasterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "raster",
        abstract: "A spike raster (time × channel) of a WAV clip, a file of 1-D events, or a sample of a cache.",
        discussion: """
            A WAV file goes through the audio front end and spike encoder with their defaults (40 log-mel \
            bands, delta modulation at 1 dB, 16 kHz), as `preprocess` does for Speech Commands, over the whole \
            recording (not cut or padded to 1 s), on a time axis from its start to its end. An event file must come \
            from a width × 1 sensor (give it with --sensor, e.g. 40x1). A cache (.h5) of such a sensor plots one \
            sample (--sample, --split): its stored events (preprocess --store-events) in ms, else its frames over \
            time steps.
            """)

    @Argument(help: "A .wav file, an event file of 1-D events, or an HDF5 cache (.h5).") var input: String
    @OptionGroup var choice: CacheSampleChoice
    @Option(help: "Output PNG (.png).") var out = "raster.png"
    @Option(help: "Sensor size Wx1 for event files whose format does not fix it.") var sensor: SensorSizeArgument?
    @Option(help: "Width of the plot area in pixels.") var width = 800
    @Option(help: "Pixels per channel (default: about 240 px for all channels).") var rowHeight: Int?
    @Option(help: "Title (default: the input's file name, or the cache sample's id).") var title: String?

    private var isCache: Bool { input.lowercased().hasSuffix(".h5") }

    func validate() throws {
        try ImageOutputName.check(out, format: "png", command: "render raster")
        if choice.isGiven, !isCache {
            throw ValidationError("--sample and --split select a sample of a cache (.h5); '\(input)' is not one")
        }
    }

    func run() throws {
        try OutputFolder.prepare(for: out, command: "render raster")
        if isCache { return try renderCacheSample() }
        let (events, sensorSize, span) = try spikes()
        let raster = SpikeRaster(title: title ?? (input as NSString).lastPathComponent, plotWidth: width,
                                 rowHeight: rowHeight)
        let canvas = try raster.render(events, sensor: sensorSize, span: span)
        try PNGCodec.write(canvas, to: out)
        let shown = span.map { span in events.t.filter { span.contains($0) }.count } ?? events.count
        let axis = span.map { "\($0.lowerBound / 1000)–\($0.upperBound / 1000) ms" }
            ?? "\((events.t.min() ?? 0) / 1000)–\((events.t.max() ?? 0) / 1000) ms"
        print("render raster: \(shown) spikes on \(sensorSize.width) channels over \(axis) from \(input) → \(out) "
            + "(\(canvas.width)×\(canvas.height) px)")
    }

    /// One sample of a cache: its stored events when the cache has them, else its frames.
    private func renderCacheSample() throws {
        let reader = try CacheReader(path: input)
        let (index, words) = try choice.locate(in: reader)
        let raster = SpikeRaster(title: title ?? reader.sampleIDs[index], plotWidth: width, rowHeight: rowHeight)
        let canvas: RGBCanvas
        let what: String
        if let sensor = reader.eventSensor, sensor.height == 1 {
            let events = try reader.events(at: index)
            canvas = try raster.render(events, sensor: sensor)
            what = "\(events.count) stored spikes on \(sensor.width) channels"
        } else {
            let frames = try reader.frames(at: index)
            guard frames.shape.height == 1 else {
                throw ValidationError("'\(input)' holds frames of a \(frames.shape.width)×\(frames.shape.height) sensor; "
                                      + "a raster plots one-row (1-D) sensors: draw it with `render frames` instead")
            }
            canvas = try raster.render(frames: frames)
            what = "the frames \(frames.shape) on \(frames.shape.width) channels over \(frames.shape.timeSteps) time steps"
        }
        try PNGCodec.write(canvas, to: out)
        print("render raster: \(what) of \(words) of \(input) → \(out) (\(canvas.width)×\(canvas.height) px)")
    }

    /// The events, their sensor and, for audio, the recording's whole time span.
    private func spikes() throws -> (EventChunk, SensorSize, ClosedRange<Int64>?) {
        if input.lowercased().hasSuffix(".wav") {
            let audio = try WAVReader(path: input).readAll()
            var encoding = AudioEventEncoding()
            encoding.frontEnd.clipSamples = nil  // the whole recording, however long or short
            let encoder = try AudioEventEncoder(encoding)
            let resampled = audio.count * encoding.frontEnd.sampleRate / max(1, audio.sampleRate)
            let span = encoding.span(samples: resampled)
            return (try encoder.events(audio), encoding.sensorSize, span.start...span.end)
        }
        guard let format = EventFileFormat.detect(path: input) else {
            throw ValidationError("unknown file type '\(input)': expected .wav, .h5, .bin, .bs2, .aedat, .aedat4, .raw or .dat")
        }
        let reader = try format.openReader(path: input, sensorSize: sensor?.size)
        return (try reader.readAll(), reader.sensorSize, nil)
    }
}

struct RenderCurvesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "curves",
        abstract: "Loss and accuracy per epoch (train and test) from a JSON-lines training log.",
        discussion: """
            One JSON object per line and epoch, keys epoch, train_loss, train_accuracy, test_loss, test_accuracy, \
            samples_per_s, learning_rate, seconds; missing keys are skipped.
            """)

    @Argument(help: "The training log (.jsonl).") var log: String
    @Option(help: "Output PNG (.png).") var out = "curves.png"
    @Option(help: "Width of each of the two panels in pixels.") var panelWidth = 480
    @Option(help: "Height of the panels in pixels.") var panelHeight = 320

    func validate() throws { try ImageOutputName.check(out, format: "png", command: "render curves") }

    func run() throws {
        try OutputFolder.prepare(for: out, command: "render curves")
        let parsed = try TrainingLog(path: log)
        let canvas = try TrainingCurves(panelWidth: panelWidth, panelHeight: panelHeight).render(parsed)
        try PNGCodec.write(canvas, to: out)
        let last = parsed.records.last.map { r in
            [("train_loss", r.trainLoss), ("test_accuracy", r.testAccuracy)]
                .compactMap { key, value in value.map { "\(key) \(String(format: "%.4g", $0))" } }
                .joined(separator: ", ")
        } ?? ""
        print("render curves: \(parsed.records.count) epochs (last: \(last)) → \(out) (\(canvas.width)×\(canvas.height) px)")
    }
}
