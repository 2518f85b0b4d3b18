import ArgumentParser
import Foundation
import SpikeDatasets
import SpikeEvents
import SpikeModel
import SpikeStreaming
import SpikeTraining

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "The main job on the embedded default data: synthesise, preprocess, train an SNN, evaluate, stream.",
        discussion: """
            Runs the pipeline YAML (default pipelines/synthetic-stbp.yaml: synthetic N-MNIST-layout digits, \
            HDF5 cache of 38 ms frames, STBP-trained spiking MLP) end to end: generates the digits when absent, builds or \
            reuses the cache, trains with a test pass and checkpoint per epoch, reports the test accuracy, firing \
            rates and energy estimate of the model (`infer`), then replays test recordings through online \
            inference (`stream`) and prints how many it classifies correctly and the per-window latency.
            """)

    @Option(help: "Pipeline YAML to run.") var pipeline = "pipelines/synthetic-stbp.yaml"
    @Option(help: "Folder for the model and training log.") var out = "runs/demo"
    @Flag(help: "Train again from scratch when --out already holds a model (replacing it and its log).")
    var overwrite = false
    @Option(help: "Test recordings to replay through `stream` (spread over the classes).") var streamSamples = 20

    func validate() throws {
        guard streamSamples >= 0 else { throw ValidationError("--stream-samples must be 0 or more") }
        guard FileManager.default.fileExists(atPath: pipeline) else {
            throw ValidationError("no pipeline at '\(pipeline)': run the demo from the repository root or pass --pipeline")
        }
    }

    func run() async throws {
        let start = ContinuousClock.now
        let config = try PipelineConfig.load(path: pipeline)
        let model = config.outputPaths(outDir: out).checkpoint
        // A model from an earlier demo is kept and, if its training was cut short, finished (--resume).
        let earlier = !overwrite && FileManager.default.fileExists(atPath: model)
        print("demo: 1/3 train (\(pipeline))" + (earlier ? ": reusing the model of an earlier run (--overwrite trains anew)" : ""))
        try await TrainCommand.parse(["--pipeline", pipeline, "--out", out]
                                     + (overwrite ? ["--overwrite"] : earlier ? ["--resume"] : [])).run()
        print("\ndemo: 2/3 infer (the model on the cache's test split)")
        try await InferCommand.parse(["--model", model, "--cache", config.cachePath]).run()
        if streamSamples > 0 {
            print("\ndemo: 3/3 stream (test recordings replayed through online inference at full speed)")
            print(try await DemoStream(modelPath: model, root: config.dataset.root, count: streamSamples).run())
        }
        print(String(format: "\ndemo: done in %.1f s. Model: %@; training log: %@ (plot it with `spikestream render curves`).",
                     (ContinuousClock.now - start).seconds, model, config.outputPaths(outDir: out).log))
    }
}

/// Replays test recordings of an N-MNIST-layout dataset through `StreamRunner` and scores the per-sample decisions.
struct DemoStream {
    let modelPath: String
    let root: String
    let count: Int

    func run() async throws -> String {
        let checkpoint = try ModelCheckpoint.read(path: modelPath)
        let model = try StreamModel(checkpoint: checkpoint)
        let tests = try NMNISTCatalog(root: root).samples.filter { $0.split == .test }
        let picked = stride(from: 0, to: tests.count, by: max(1, tests.count / max(count, 1))).prefix(count).map { tests[$0] }
        let runner = StreamRunner(model: model, options: .init(format: .nmnist, source: root))
        let (stats, correct) = await onDedicatedThread(name: "spikestream-demo-stream") { () -> (StreamStats, Result<Int, StreamError>) in
            var stats = StreamStats(), correct = 0
            for sample in picked {
                let sink = SampleDecisions()
                let fd = open(sample.source.path, O_RDONLY | O_CLOEXEC)
                defer { if fd >= 0 { close(fd) } }
                guard fd >= 0 else { return (stats, .failure(.io(operation: "opening \(sample.source.path)", reason: String(cString: strerror(errno))))) }
                var one = StreamStats()
                do throws(StreamError) { try runner.run(fd: fd, sink: sink, stats: &one) } catch { return (stats, .failure(error)) }
                stats.merge(one)
                if sink.predictions.last == sample.label { correct += 1 }
            }
            return (stats, .success(correct))
        }
        let right = try correct.get()
        return "stream: \(right)/\(picked.count) test recordings classified correctly online; " + stats.summary
    }
}

/// Keeps the `prediction` of each `sample_end` line instead of printing the JSON lines.
final class SampleDecisions: LineSink {
    private(set) var predictions: [Int] = []

    func write(line: String) throws(StreamError) {
        guard line.hasPrefix("{\"sample_end\""),
              let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let prediction = object["prediction"] as? Int else { return }
        predictions.append(prediction)
    }
}
