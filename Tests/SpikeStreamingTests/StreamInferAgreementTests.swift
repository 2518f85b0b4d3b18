#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SpikeCache
import SpikeDatasets
import SpikeEvents
import SpikeModel
import SpikePreprocess
import SpikeStreaming
import SpikeTestSupport
import SpikeTraining
import Testing

/// The acceptance: a model trained by `Trainer` on time-window frames predicts the same class for
/// every test sample whether `infer` reads the sample's cached frames, `stream` replays its file, or a client
/// sends the file to the TCP server.
@Suite("Stream agrees with infer")
struct StreamInferAgreementTests {
    /// 3 train / 2 test synthetic digits per class, 10 ms windows from the first event (the first event comes
    /// 0.1–3 ms into a file, so windows from t = 0 would differ), a 30-neuron layer.
    static func trainedModel() async throws -> (model: String, cache: String, root: String) {
        let folder = try RepoPaths.temporaryDirectory("stream-infer")
        var config = try PipelineConfig.parse(yaml: """
            name: stream-infer
            dataset: {name: synthetic-nmnist, root: \(folder)/digits, train_per_class: 3, test_per_class: 2}
            binning: {time_window: 10000}
            network: {spec: 2312-30-10, input: binary}
            optimizer: {kind: adam, lr: 0.005}
            epochs: 2
            batch_size: 8
            seed: 5
            """)
        config.cache.readers = 2
        _ = try await config.dataset.prepareSynthetic()
        _ = try await Preprocessor.run(PreprocessRequest(
            datasetName: "nmnist", samples: try NMNISTCatalog(root: config.dataset.root).samples, sensor: .nmnist,
            binning: config.binning.frameBinning, output: config.cachePath, workers: 2, createdBy: "tests"))
        let paths = config.outputPaths(outDir: folder + "/run")
        _ = try await Trainer(config: config, cachePath: config.cachePath, checkpointPath: paths.checkpoint,
                              logPath: paths.log, createdBy: "tests", progressSink: { _, _ in }).run()
        return (paths.checkpoint, config.cachePath, config.dataset.root)
    }

    /// The `sample_end` line of a stream's output.
    static func sampleEnd(_ lines: [String]) throws -> [String: Any] {
        let ends = try lines.map(parse).filter { $0["sample_end"] != nil }
        try #require(ends.count == 1, "one sample per file: \(lines.suffix(2))")
        return ends[0]
    }

    /// Events per frame of a count tensor (no pixel reaches the uint8 ceiling in a 10 ms window here).
    static func eventsPerFrame(_ frames: FrameTensor) -> [Int] {
        let size = frames.shape.frameElementCount
        return (0..<frames.shape.timeSteps).map { t in
            (t * size..<(t + 1) * size).reduce(0) { $0 + Int(frames.storage[$1]) }
        }
    }

    @Test("infer, a replayed file and a loopback socket give the same prediction for every test sample")
    func threeWaysAgree() async throws {
        let (modelPath, cachePath, root) = try await Self.trainedModel()
        let report = try await InferenceReport.evaluate(modelPath: modelPath, cachePath: cachePath)
        let offline = report.predictions
        #expect(offline.count == 20 && report.samples == 20)
        #expect(Set(offline.map(\.label)) == Set(0..<10))

        let model = try StreamModel(checkpoint: ModelCheckpoint.read(path: modelPath))
        #expect(model.windowWidth == 10_000)
        let runner = StreamRunner(model: model, options: .init(format: .nmnist, source: "<test>"))
        let reader = try CacheReader(path: cachePath)

        let server = try await StreamServer(port: 0, runner: runner, limits: .init(maxConnections: offline.count))
        let served = Task { await server.serve { _ in } }

        var replayed: [Int] = [], socket: [Int] = []
        for sample in offline {
            let path = root + "/" + sample.id
            let fd = open(path, O_RDONLY)
            try #require(fd >= 0, "cannot open \(path)")
            let sink = CollectingSink()
            _ = try await StreamIOTests.run(runner, fd: fd, sink: sink).get()
            close(fd)
            let fileEnd = try Self.sampleEnd(sink.all)
            // One stream window per cached frame, holding that frame's events: both cut from the first event.
            let frames = try reader.frames(at: try #require(reader.sampleIDs.firstIndex(of: sample.id)))
            let windowEvents = try sink.all.map(parse).compactMap { $0["window"] != nil ? $0["events"] as? Int : nil }
            #expect(windowEvents == Self.eventsPerFrame(frames), "\(sample.id)")
            #expect(fileEnd["windows"] as? Int == frames.shape.timeSteps)
            replayed.append(try #require(fileEnd["prediction"] as? Int))

            let lines = try await StreamIOTests.client(port: server.port, bytes: StreamTestSupport.bytes(path))
            socket.append(try #require(try Self.sampleEnd(lines)["prediction"] as? Int))
        }
        let stats = await served.value
        #expect(stats.samples == offline.count)

        let expected = offline.map(\.prediction)
        #expect(replayed == expected)
        #expect(socket == expected)
        // Not a constant classifier, or agreement would say little.
        #expect(Set(expected).count > 1)
    }
}
