import ArgumentParser
import Foundation
import SpikeAudio
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
        abstract: "All time steps of one sample side by side in one PNG (1-px grey separators).")

    @OptionGroup var source: RenderFrameInput
    @Option(help: "Output PNG.") var out = "frames.png"

    func run() throws {
        try OutputFolder.prepare(for: out, command: "render frames")
        let (frames, origin) = try source.frames()
        let strip = try FrameImages().strip(frames, scale: source.scale(for: frames))
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
    @Option(help: "Output GIF.") var out = "frames.gif"
    @Option(help: "Frames per second (GIF delays are whole hundredths of a second).") var fps = 10.0
    @Option(help: "Times to repeat after the first play; 0 loops forever.") var loop = 0

    func validate() throws {
        guard fps > 0, fps <= 100 else { throw ValidationError("--fps must be in (0, 100]") }
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
        abstract: "A spike raster (time × channel) of a WAV clip or of a file of 1-D events.",
        discussion: """
            A WAV file goes through the audio front end and spike encoder with their defaults (40 log-mel \
            bands, delta modulation at 1 dB, 1 s clips at 16 kHz), as `preprocess` does for Speech Commands. \
            An event file must come from a width × 1 sensor (give it with --sensor, e.g. 40x1).
            """)

    @Argument(help: "A .wav file or an event file of 1-D events.") var input: String
    @Option(help: "Output PNG.") var out = "raster.png"
    @Option(help: "Sensor size Wx1 for event files whose format does not fix it.") var sensor: SensorSizeArgument?
    @Option(help: "Width of the plot area in pixels.") var width = 800
    @Option(help: "Pixels per channel (default: about 240 px for all channels).") var rowHeight: Int?
    @Option(help: "Title (default: the input's file name).") var title: String?

    func run() throws {
        try OutputFolder.prepare(for: out, command: "render raster")
        let (events, sensorSize, span) = try spikes()
        let raster = SpikeRaster(title: title ?? (input as NSString).lastPathComponent, plotWidth: width,
                                 rowHeight: rowHeight)
        let canvas = try raster.render(events, sensor: sensorSize, span: span)
        try PNGCodec.write(canvas, to: out)
        print("render raster: \(events.count) spikes on \(sensorSize.width) channels from \(input) → \(out) "
            + "(\(canvas.width)×\(canvas.height) px)")
    }

    /// The events, their sensor and, for audio, the clip's whole time span.
    private func spikes() throws -> (EventChunk, SensorSize, ClosedRange<Int64>?) {
        if input.lowercased().hasSuffix(".wav") {
            let audio = try WAVReader(path: input).readAll()
            let encoder = try AudioEventEncoder(AudioEventEncoding())
            let encoding = encoder.configuration
            let resampled = audio.count * encoding.frontEnd.sampleRate / max(1, audio.sampleRate)
            let span = encoding.span(samples: resampled)
            return (try encoder.events(audio), encoding.sensorSize, span.start...span.end)
        }
        guard let format = EventFileFormat.detect(path: input) else {
            throw ValidationError("unknown file type '\(input)': expected .wav, .bin, .bs2, .aedat, .aedat4, .raw or .dat")
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
    @Option(help: "Output PNG.") var out = "curves.png"
    @Option(help: "Width of each of the two panels in pixels.") var panelWidth = 480
    @Option(help: "Height of the panels in pixels.") var panelHeight = 320

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
