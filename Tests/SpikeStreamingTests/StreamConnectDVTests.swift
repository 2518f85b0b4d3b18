#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SpikeNet
import SpikeStreaming
import SpikeTestSupport
import SpikeTransforms
import Testing

/// `stream --connect` against a publisher no one here wrote: iniVation's dv-processing `dv.io.NetworkWriter`
/// (scripts/dv_publish.py, in the scripts/.venv-dv that scripts/test makes) publishes a real DVXplorer recording,
/// stops, and starts again with a generated one; the client must reconnect and give, per connection, the
/// windows and predictions `stream` gives on the same recording read from its file.
@Suite("stream --connect against dv-processing's NetworkWriter",
       .enabled(if: DVPublisher.python != nil, DVPublisher.skipReason),
       .enabled(if: SharedSamples.available, SharedSamples.skipReason))
struct StreamConnectDVTests {
    /// Fixed weights on the 640×480 sensor AEDAT 4 streams are decoded on, firing on a DVXplorer's event rate.
    static func model() throws -> StreamModel {
        let network = try Network(NetworkConfig(spec: "20-10", inputShape: [2, 480, 640],
                                                neuron: .lif(LIF(decay: 0.5, threshold: 0.3)), rule: .stbp(STBP()),
                                                loss: .rateMSE, initGain: 8, seed: 3))
        return try StreamModel(network: network, binning: FrameBinning(.timeWindow(20_000)))
    }

    /// The lines `stream` writes for `path` read as a file.
    static func fromFile(_ path: String, model: StreamModel) async throws -> [String] {
        let runner = StreamRunner(model: model, options: .init(format: .aedat4, source: path))
        let fd = open(path, O_RDONLY)
        try #require(fd >= 0, "cannot open \(path)")
        defer { close(fd) }
        let sink = CollectingSink()
        _ = try await StreamIOTests.run(runner, fd: fd, sink: sink).get()
        return sink.all
    }

    /// The lines of each sample, with what may differ between runs taken out (latency, the sample's index).
    static func samples(_ lines: [String]) throws -> [[[String: String]]] {
        var samples: [[[String: String]]] = [[]]
        for line in lines {
            var fields = try parse(line).mapValues { "\($0)" }
            fields["latency_us"] = nil
            let ends = fields.removeValue(forKey: "sample_end") != nil
            samples[samples.count - 1].append(fields)
            if ends { samples.append([]) }
        }
        return samples.filter { !$0.isEmpty }
    }

    @Test("a real and a generated recording, publisher restarted between them: the file's windows and predictions")
    func publisherRestart() async throws {
        let model = try Self.model()
        let real = SharedSamples.path("aedat4/tonic_sample.aedat4")
        let generated = try StreamTestSupport.temporaryFile("generated.aedat4")
        let port = try TCPClient.freePort()
        let lines = CollectingSink(), log = CollectingSink()
        let client = NetworkStreamClient(model: model, options: .init(
            host: "127.0.0.1", port: port, reconnectAttempts: 2400, firstBackoff: .milliseconds(20),
            maxBackoff: .milliseconds(50)))  // up to 2 min: a loaded test run can be slow to start a publisher
        let receiving = Task { () async throws(StreamError) -> StreamStats in
            try await client.run(sink: lines) { try? log.write(line: $0) }
        }
        let first = await DVPublisher.run(["--port", "\(port)", "--wait", "120", "--file", real])
        #expect(first.status == 0, "\(first.output)")
        let second = await DVPublisher.run(["--port", "\(port)", "--wait", "120", "--generate", "7", "--out", generated])
        #expect(second.status == 0, "\(second.output)")
        let deadline = ContinuousClock.now + .seconds(60)
        while log.all.filter({ $0.contains("closed the connection") }).count < 2, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        receiving.cancel()
        let stats = try await receiving.value

        #expect(log.all.contains { $0.hasPrefix("connected to 127.0.0.1:\(port)") })
        #expect(log.all.contains { $0.hasPrefix("reconnected to 127.0.0.1:\(port)") }, "\(log.all)")
        let received = try Self.samples(lines.all)
        try #require(received.count == 2, "two connections, two samples: \(lines.all.suffix(3))")
        let expected = [try Self.samples(try await Self.fromFile(real, model: model)),
                        try Self.samples(try await Self.fromFile(generated, model: model))]
        for (k, file) in expected.enumerated() {
            try #require(file.count == 1)
            #expect(received[k].count == file[0].count, "sample \(k): windows + end")
            #expect(received[k] == file[0], "sample \(k)")
        }
        // Real values, not a silent network: the real recording's 111954 events, and outputs that fire.
        #expect(received[0].last?["events"] == "111954")
        #expect(received[1].last?["events"] == "60000")
        #expect(stats.events == 111_954 + 60_000 && stats.samples == 2)
        #expect(received.joined().contains { ($0["spike_counts"] ?? "").contains { "123456789".contains($0) } })
    }
}

/// scripts/dv_publish.py run by the dv-processing venv: `$SPIKESTREAM_DV_PYTHON`, else scripts/.venv-dv.
enum DVPublisher {
    static let python: String? = {
        let fromEnvironment = ProcessInfo.processInfo.environment["SPIKESTREAM_DV_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
        let candidate = fromEnvironment ?? RepoPaths.root + "/scripts/.venv-dv/bin/python"
        guard FileManager.default.isExecutableFile(atPath: candidate),
              (try? Subprocess.run(candidate, ["-c", "import dv_processing"]).status) == 0 else { return nil }
        return candidate
    }()
    static let skipReason: Comment = """
        SKIPPED: no python with dv-processing (scripts/test makes scripts/.venv-dv; pip could not install \
        dv-processing 2.0.4): the stream --connect tests against iniVation's publisher did not run
        """

    /// Runs the publisher to its end (it waits for one client, publishes, exits).
    static func run(_ arguments: [String]) async -> (status: Int32, output: String) {
        await onDedicatedThread(name: "dv-publisher") { () -> (status: Int32, output: String) in
            (try? Subprocess.run(python!, [RepoPaths.root + "/scripts/dv_publish.py"] + arguments))
                ?? (-1, "the publisher could not be started")
        }
    }
}
