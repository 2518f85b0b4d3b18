import Foundation
import SpikeCache
import SpikeEvents
import SpikeRender
import SpikeTestSupport
import Testing

/// `render` as a first-time user meets it (issue 19 item 15): whole recordings, clips that end early, real titles, a
/// y-axis title, output names that say the format, caches of one-row sensors.
@Suite("render on first use", .enabled(if: SpikeStreamCLI.path != nil, "SKIPPED: no spikestream executable built"))
struct RenderFirstUseTests {
    let style = ChartStyle()

    /// A 16 kHz mono 16-bit WAV of `seconds`, silent except for a 1 kHz tone in each of `bursts` (seconds).
    static func wav(_ path: String, seconds: Double, bursts: [ClosedRange<Double>]) throws {
        let rate = 16_000
        let samples = (0..<Int(seconds * Double(rate))).map { i -> Int16 in
            let t = Double(i) / Double(rate)
            return bursts.contains { $0.contains(t) } ? Int16(12_000 * sin(2 * .pi * 1_000 * t)) : 0
        }
        var bytes: [UInt8] = []
        func put(_ text: String) { bytes += Array(text.utf8) }
        func put32(_ v: UInt32) { bytes += withUnsafeBytes(of: v.littleEndian, Array.init) }
        func put16(_ v: UInt16) { bytes += withUnsafeBytes(of: v.littleEndian, Array.init) }
        put("RIFF"); put32(UInt32(36 + samples.count * 2)); put("WAVE")
        put("fmt "); put32(16); put16(1); put16(1); put32(UInt32(rate)); put32(UInt32(rate * 2)); put16(2); put16(16)
        put("data"); put32(UInt32(samples.count * 2))
        for s in samples { put16(UInt16(bitPattern: s)) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    static func png(_ path: String) throws -> RGBCanvas {
        try PNGCodec.decode(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    /// Columns in the data area (`area`) holding a spike colour.
    func spikeColumns(_ canvas: RGBCanvas, _ area: PlotArea) -> [Int] {
        (area.left..<area.right).filter { x in
            (area.top..<area.bottom).contains { [style.first, style.second].contains(canvas[x, $0]) }
        }
    }

    @Test("a 3 s WAV is plotted whole (spikes past 1 s), a 30 ms clip has no spike past its end; titles are the file name")
    func wholeRecordingAndClipEnd() throws {
        let folder = try RepoPaths.temporaryDirectory("render-raster-wav")
        try Self.wav(folder + "/long_take.wav", seconds: 3, bursts: [0.2...0.5, 2.0...2.5])
        let long = try SpikeStreamCLI.run(["render", "raster", folder + "/long_take.wav", "--out", folder + "/long.png"])
        #expect(long.status == 0, "\(long.output)")
        #expect(long.output.contains(" over 0–2999 ms "), "\(long.output)")
        let raster = SpikeRaster()
        let area = raster.area(channels: 40)
        let longCanvas = try Self.png(folder + "/long.png")
        let scale = raster.timeScale(0...2_999_999)
        let columns = spikeColumns(longCanvas, area)
        #expect(columns.contains { $0 > area.x(1_900, on: scale) }, "no spikes of the burst at 2.0–2.5 s")
        #expect(columns.contains { $0 < area.x(600, on: scale) })

        try Self.wav(folder + "/short.wav", seconds: 0.03, bursts: [0.0...0.03])
        let short = try SpikeStreamCLI.run(["render", "raster", folder + "/short.wav", "--out", folder + "/short.png"])
        #expect(short.status == 0, "\(short.output)")
        #expect(short.output.contains(" over 0–29 ms "), "\(short.output)")
        let shortCanvas = try Self.png(folder + "/short.png")
        let shortScale = raster.timeScale(0...29_999)
        let shortColumns = spikeColumns(shortCanvas, area)
        #expect(!shortColumns.isEmpty)
        #expect(shortColumns.allSatisfy { $0 <= area.x(29.999, on: shortScale) }, "spikes past the clip's end")

        // The title band is the file name as written (lower case drawn as lower case), not upper-cased.
        let one = EventChunk(t: [0], x: [0], y: [0], p: [1])
        let sensor = SensorSize(width: 40, height: 1, polarities: 2)
        func titleBand(_ canvas: RGBCanvas) -> [RGB] {
            (0..<20).flatMap { y in (0..<300).map { canvas[$0, y] } }
        }
        let named = try SpikeRaster(title: "short.wav").render(one, sensor: sensor, span: 0...29_999)
        let shouted = try SpikeRaster(title: "SHORT.WAV").render(one, sensor: sensor, span: 0...29_999)
        #expect(titleBand(shortCanvas) == titleBand(named))
        #expect(titleBand(shortCanvas) != titleBand(shouted))
    }

    @Test("the raster has a y-axis title: 'channel' read upwards at the left edge")
    func yAxisTitle() throws {
        let raster = SpikeRaster(title: "t", plotWidth: 100, rowHeight: 6)
        let canvas = try raster.render(EventChunk(t: [0, 5_000], x: [0, 9], y: [0, 0], p: [1, 1]),
                                       sensor: SensorSize(width: 10, height: 1, polarities: 1))
        let area = raster.area(channels: 10)
        var expected = RGBCanvas(width: canvas.width, height: canvas.height, background: style.background)
        let bottom = area.top + (area.height + BitmapFont.width(of: "channel")) / 2
        expected.verticalText("channel", x: 3, bottom: bottom, colour: style.ink)
        var inked = 0
        for y in 0..<canvas.height {
            for x in 0..<12 {
                #expect(canvas[x, y] == expected[x, y], "pixel \(x), \(y)")
                if expected[x, y] == style.ink { inked += 1 }
            }
        }
        #expect(inked > 40)
    }

    @Test("--out must name the format written: .jpg is refused for PNG commands, .png for gif")
    func outputNames() throws {
        let folder = try RepoPaths.temporaryDirectory("render-out-names")
        let log = folder + "/log.jsonl"
        try #"{"epoch":1,"train_loss":0.5,"train_accuracy":0.5}"#.write(toFile: log, atomically: true, encoding: .utf8)
        let jpg = try SpikeStreamCLI.run(["render", "curves", log, "--out", folder + "/x.jpg"])
        #expect(jpg.status != 0)
        #expect(jpg.output.contains("--out '\(folder)/x.jpg': render curves writes PNG only; give a name ending in .png (not .jpg)"),
                "\(jpg.output)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/x.jpg"))
        let raster = try SpikeStreamCLI.run(["render", "raster", "a.wav", "--out", "x.jpeg"])
        #expect(raster.output.contains("render raster writes PNG only; give a name ending in .png (not .jpeg)"))
        let gif = try SpikeStreamCLI.run(["render", "gif", "a.bin", "--out", "x.png"])
        #expect(gif.output.contains("render gif writes GIF only; give a name ending in .gif (not .png)"))
        let upper = try SpikeStreamCLI.run(["render", "curves", log, "--out", folder + "/X.PNG"])
        #expect(upper.status == 0, "\(upper.output)")
    }

    /// A cache of a 40 × 1 sensor (as Speech Commands makes): 3 samples of 101 steps, [T, 2, 1, 40], with events.
    static func speechLikeCache(_ path: String) async throws -> [EventChunk] {
        let geometry = FrameGeometry(channels: 2, height: 1, width: 40)
        let sensor = SensorSize(width: 40, height: 1, polarities: 2)
        let writer = try await CacheWriter.open(CacheWriterConfiguration(
            path: path, cacheKey: String(repeating: "c4", count: 32), dataset: "speechcommands", transformJSON: "{}",
            createdBy: "tests", dtype: .uint8, geometry: geometry, framesPerChunk: 101, eventSensor: sensor))
        var all: [EventChunk] = []
        for i in 0..<3 {
            var values = [UInt8](repeating: 0, count: 101 * 2 * 40)
            var events = EventChunk()
            for t in stride(from: 10 * i, to: 101, by: 7) {
                let channel = (t + i) % 40
                values[(t * 2 + 1) * 40 + channel] = 1
                events.append(t: Int64(t) * 10_000, x: UInt16(channel), y: 0, p: 1)
            }
            let frames = FrameTensor(shape: FrameShape(timeSteps: 101, channels: 2, height: 1, width: 40), storage: .uint8(values))
            try await writer.append(writer.encode(id: "word\(i)/clip_\(i).wav", label: i, split: i == 0 ? .train : .test,
                                                  frames: frames, events: events))
            all.append(events)
        }
        try await writer.finish()
        return all
    }

    @Test("render frames of a one-row cache is a time × channel picture, not a 3-px-high strip")
    func speechFrames() async throws {
        let folder = try RepoPaths.temporaryDirectory("render-speech-frames")
        _ = try await Self.speechLikeCache(folder + "/speech.h5")
        let result = try SpikeStreamCLI.run(["render", "frames", folder + "/speech.h5", "--out", folder + "/f.png"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("(404×160 px)"), "\(result.output)")  // 101 steps × 40 channels, 4 px cells
        let canvas = try Self.png(folder + "/f.png")
        #expect(canvas.width == 404 && canvas.height == 160)
        // Sample 0 has an ON count at step 0, channel 0: the bottom-left 4×4 cell is coloured; step 1 is not.
        #expect(canvas[1, 158] != FramePalette().background)
        #expect(canvas[5, 158] == FramePalette().background)
    }

    @Test("render raster reads a cache: a sample by --split and --sample, its stored events or its frames, titled by its id")
    func rasterOfCache() async throws {
        let folder = try RepoPaths.temporaryDirectory("render-raster-cache")
        let events = try await Self.speechLikeCache(folder + "/speech.h5")
        let result = try SpikeStreamCLI.run(["render", "raster", folder + "/speech.h5", "--split", "test", "--sample", "1",
                                             "--out", folder + "/r.png"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("render raster: \(events[2].count) stored spikes on 40 channels of test sample 1 "
                                       + "(index 2, word2/clip_2.wav) of \(folder)/speech.h5"), "\(result.output)")
        let expected = try SpikeRaster(title: "word2/clip_2.wav").render(events[2], sensor: SensorSize(width: 40, height: 1, polarities: 2))
        #expect(try Self.png(folder + "/r.png") == expected)

        let missing = try SpikeStreamCLI.run(["render", "raster", folder + "/speech.h5", "--split", "test", "--sample", "2"])
        #expect(missing.status != 0)
        #expect(missing.output.contains("--sample 2 --split test: '\(folder)/speech.h5' holds 2 test samples (0 … 1)"),
                "\(missing.output)")
        let notCache = try SpikeStreamCLI.run(["render", "raster", "a.wav", "--sample", "1"])
        #expect(notCache.output.contains("--sample and --split select a sample of a cache (.h5); 'a.wav' is not one"))
    }

    @Test("a cache without stored events plots its frames over time steps")
    func rasterOfFrames() async throws {
        let folder = try RepoPaths.temporaryDirectory("render-raster-frames")
        let writer = try await CacheWriter.open(CacheWriterConfiguration(
            path: folder + "/f.h5", cacheKey: String(repeating: "d5", count: 32), dataset: "speechcommands",
            transformJSON: "{}", createdBy: "tests", dtype: .uint8, geometry: FrameGeometry(channels: 1, height: 1, width: 4),
            framesPerChunk: 1))
        let frames = FrameTensor(shape: FrameShape(timeSteps: 3, channels: 1, height: 1, width: 4),
                                 storage: .uint8([1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]))
        try await writer.append(writer.encode(id: "a", label: 0, split: .train, frames: frames))
        try await writer.finish()
        let result = try SpikeStreamCLI.run(["render", "raster", folder + "/f.h5", "--out", folder + "/r.png"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("the frames [3, 1, 1, 4] on 4 channels over 3 time steps of sample 0 (a)"), "\(result.output)")
        #expect(try Self.png(folder + "/r.png") == (try SpikeRaster(title: "a").render(frames: frames)))
    }
}
