import Foundation
import SpikeEvents
import SpikeNet
import SpikeStreaming
import SpikeTransforms
import Synchronization
import Testing

/// A small fixed-weight network on N-MNIST frames and the events it streams over.
enum StreamFixtures {
    static let window: Int64 = 10_000
    static let binning = FrameBinning(.timeWindow(window))

    static func network(neuron: Neuron = .lif(LIF(decay: 0.5, threshold: 0.5)),
                        rule: LearningRule = .stbp(STBP())) throws -> Network {
        try Network(NetworkConfig(spec: "40-10", inputShape: [2, 34, 34], neuron: neuron, rule: rule, loss: .rateMSE,
                                  initGain: 4, seed: 11))
    }

    static func model() throws -> StreamModel { try StreamModel(network: network(), binning: binning) }

    /// ~300 ms of events starting at 1 ms, dense enough to make the network fire.
    static func events(seed: UInt64 = 1) -> EventChunk {
        var events = StreamTestSupport.events(count: 12_000, sensor: .nmnist, duration: 300_000, seed: seed)
        events.t = events.t.map { $0 + 1000 }
        return events
    }

    /// What the offline path computes: the whole sample binned at once, one forward pass; per time step the
    /// output values, and the prediction.
    static func offline(_ events: EventChunk, network: Network,
                        sensor: SensorSize = .nmnist) throws -> (steps: [[Float]], prediction: Int) {
        var network = network
        let frames = try binning.frames(events, sensor: sensor)
        let t = frames.shape.timeSteps
        var data = [Float](repeating: 0, count: frames.shape.elementCount)
        for i in data.indices { data[i] = Float(frames.storage[i]) }
        let input = Tensor(shape: [1, t, 2, sensor.height, sensor.width], data: data)
        let (output, _) = try network.forward(input, training: false)
        let k = output.count / t
        let steps = (0..<t).map { Array(output.data[($0 * k)..<(($0 + 1) * k)]) }
        return (steps, try network.predict(input)[0])
    }
}

/// Collects JSON lines (thread-safe, for sinks written from a runner thread).
final class CollectingSink: LineSink, Sendable {
    private let lines = Mutex<[String]>([])
    func write(line: String) throws(StreamError) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

/// A JSON line as a dictionary.
func parse(_ line: String) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
}
