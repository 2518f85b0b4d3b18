import Foundation
import SpikeAudio
import SpikeCache
import SpikeDatasets
import SpikeEvents
import SpikeFormats
import SpikePreprocess
import SpikeTestSupport
import SpikeTransforms
import Testing

/// `preprocess` on a Speech Commands layout built from the shared real clips: audio → log-mel → delta spikes →
/// frames over a fixed 1 s axis, `_silence_` cut from the background-noise recording.
@Suite("Preprocess a Speech Commands layout")
struct SpeechPreprocessTests {
    @Test("12-class task: every clip and every 1 s silence window becomes one cached sample",
          .enabled(if: SharedSamples.available, SharedSamples.skipReason))
    func speech() async throws {
        let root = try RepoPaths.temporaryDirectory("spikestream-speech") + "/speech_commands_v0.02"
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/_background_noise_", withIntermediateDirectories: true)
        for word in ["yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go"] {
            let clip = SharedSamples.files(in: "speechcommands", extensions: ["wav"])
                .first { $0.contains("sc_v002_test_\(word)_") }!
            try fm.createDirectory(atPath: "\(root)/\(word)", withIntermediateDirectories: true)
            try fm.copyItem(atPath: SharedSamples.path(clip), toPath: "\(root)/\(word)/aaaa1111_nohash_0.wav")
        }
        try fm.copyItem(atPath: SharedSamples.path("speechcommands/sc_bg_doing_the_dishes.wav"),
                        toPath: root + "/_background_noise_/doing_the_dishes.wav")
        try "yes/aaaa1111_nohash_0.wav\n".write(toFile: root + "/validation_list.txt", atomically: true, encoding: .utf8)
        try "no/aaaa1111_nohash_0.wav\n".write(toFile: root + "/testing_list.txt", atomically: true, encoding: .utf8)

        let catalog = try SpeechCommandsCatalog(root: root, options: .init(task: .twelve))
        let encoding = AudioEventEncoding()
        let span = encoding.span()
        let binning = FrameBinning(.nTimeBins(10), start: span.start, end: span.end)
        let loader = SampleLoader(sensor: encoding.sensorSize, decoder: .samples { source in
            try AudioEventEncoder(encoding).events(WAVReader.read(source))
        })
        let out = root + ".h5"
        let report = try await Preprocessor.run(PreprocessRequest(
            datasetName: "speechcommands-12", samples: catalog.samples, sensor: encoding.sensorSize, binning: binning,
            output: out, workers: 2, createdBy: "tests", loader: loader))
        // 10 word clips + one silence window per whole second of the 95.2 s noise recording.
        #expect(report.writtenSamples == 10 + 95 && report.failures.isEmpty)
        let cache = try CacheReader(path: out)
        #expect(cache.geometry == FrameGeometry(channels: 2, height: 1, width: encoding.sensorSize.width))
        #expect(cache.splits.filter { $0 == .validation }.count >= 1 && cache.splits.filter { $0 == .test }.count >= 1)
        let yes = try #require(catalog.samples.firstIndex { $0.id.hasPrefix("yes/") })
        let direct = try AudioEventEncoder(encoding).events(WAVReader.read(catalog.samples[yes].source))
        #expect(direct.count > 100)
        #expect(try cache.frames(at: yes) == binning.frames(direct, sensor: encoding.sensorSize))
    }
}
