import SpikeEvents
import SpikeModel
import SpikeNet
import SpikeStreaming
import SpikeTraining
import SpikeTransforms
import Testing

/// A model file from `ModelCheckpoint` streams exactly like the network it was written from.
@Suite("Streaming a model file")
struct StreamCheckpointTests {
    static func checkpointFile(binning: BinningSection, input: NetworkSection.Input) throws -> String {
        let network = try StreamFixtures.network()
        var pipeline = PipelineConfig(name: "stream-test", dataset: DatasetSection(name: .nmnist),
                                      network: NetworkSection(spec: "40-10", initGain: 4, input: input))
        pipeline.binning = binning
        let path = try StreamTestSupport.temporaryFile("model.h5")
        try ModelCheckpoint(pipeline: pipeline, network: network, epoch: 1, optimizer: OptimizerState(),
                            createdBy: "StreamCheckpointTests").write(to: path)
        return path
    }

    static func windows(_ model: StreamModel, _ events: EventChunk) throws -> [[Float]] {
        var session = try StreamSession(model: model, sensor: .nmnist)
        var counts: [[Float]] = []
        try session.push(events, arrival: .now) { if case .window(let w) = $0 { counts.append(w.spikeCounts) } }
        try session.endSample(arrival: .now) { if case .window(let w) = $0 { counts.append(w.spikeCounts) } }
        return counts
    }

    @Test("weights, time window and count input survive the file")
    func countsModel() throws {
        var binning = BinningSection()
        binning.timeBins = nil
        binning.timeWindow = StreamFixtures.window
        let path = try Self.checkpointFile(binning: binning, input: .counts)
        let model = try StreamModel(checkpoint: ModelCheckpoint.read(path: path))
        #expect(model.windowWidth == StreamFixtures.window && !model.binaryInput)
        #expect(StreamFormat(dataset: .nmnist) == .nmnist)
        let events = StreamFixtures.events()
        #expect(try Self.windows(model, events) == (try Self.windows(StreamFixtures.model(), events)))
    }

    @Test("a model trained on a voxel grid is refused in words, even with --time-window")
    func representationModel() throws {
        var binning = BinningSection()
        binning.representation = .voxelGrid(VoxelGrid(bins: 4))
        let checkpoint = try ModelCheckpoint.read(path: Self.checkpointFile(binning: binning, input: .counts))
        for window in [nil, 5000] as [Int64?] {
            do {
                _ = try StreamModel(checkpoint: checkpoint, timeWindow: window)
                Issue.record("a voxel-grid model was streamed")
            } catch {
                #expect(error.description == "the model was trained on voxelGrid:bins=4 representations, which stream "
                        + "does not compute window by window; stream serves models trained on count frames (a time_window "
                        + "binning). Evaluate it with `spikestream infer` on a cache instead")
            }
        }
    }

    @Test("a model trained on time bins needs a time window; binary input clips the counts")
    func timeBinsModel() throws {
        let path = try Self.checkpointFile(binning: BinningSection(timeBins: 16), input: .binary)
        let checkpoint = try ModelCheckpoint.read(path: path)
        #expect(throws: StreamError.self) { try StreamModel(checkpoint: checkpoint) }
        let model = try StreamModel(checkpoint: checkpoint, timeWindow: 5000)
        #expect(model.windowWidth == 5000 && model.binaryInput)
        // Binary input = counts input on the events with repeats of a pixel within a window removed.
        let events = StreamFixtures.events()
        var seen = Set<[Int64]>()
        var firsts = EventChunk()
        for i in 0..<events.count {
            let key = [(events.t[i] - events.t[0]) / 5000, Int64(events.x[i]), Int64(events.y[i]), Int64(events.p[i])]
            if seen.insert(key).inserted { firsts.append(t: events.t[i], x: events.x[i], y: events.y[i], p: events.p[i]) }
        }
        #expect(firsts.count < events.count - 500)
        var counts = model
        counts.binaryInput = false
        let binary = try Self.windows(model, events)
        #expect(binary == (try Self.windows(counts, firsts)))
        #expect(binary != (try Self.windows(counts, events)))
    }
}
