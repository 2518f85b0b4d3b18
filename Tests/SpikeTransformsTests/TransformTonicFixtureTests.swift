import Foundation
import SpikeEvents
import SpikeFormats
import SpikeTestSupport
import SpikeTransforms
import Testing

/// One fixture of scripts/make_tonic_transform_fixtures.py: tonic 1.7.0's Denoise/RefractoryPeriod on a sample.
private struct TransformFixture: Decodable {
    struct Result: Decodable {
        let transform: String
        let filterTime: Int64?
        let period: Int64?
        let kept: [Int]
        let output: EventDigest
    }

    let sample: String
    let folder: String
    let input: EventDigest
    let results: [Result]

    static let folder = RepoPaths.root + "/Tests/SpikeTransformsTests/Fixtures"
    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasPrefix("transforms_") }.sorted()
    }

    /// The input events, decoded by our N-MNIST reader or the test-local MNIST-DVS decoder.
    func events() throws -> (EventChunk, SensorSize) {
        let path = SharedSamples.path("\(folder)/\(sample)")
        if folder == "nmnist" { return (try NMNISTReader(path: path).readAll(), .nmnist) }
        return (try readMNISTDVSForTest(path), .dvs128)
    }
}

/// Run lengths (kept, dropped, kept, …) of which input events survive in `output` (an ordered subset).
private func keptRuns(input: EventChunk, output: EventChunk) -> [Int] {
    var runs: [Int] = [], current = true, length = 0, j = 0
    for i in 0..<input.count {
        let kept = j < output.count && input[i] == output[j]
        if kept { j += 1 }
        if kept == current { length += 1 } else { runs.append(length); current = kept; length = 1 }
    }
    runs.append(length)
    return runs
}

@Suite("Transform tonic 1.7 cross-check (Denoise, RefractoryPeriod)",
       .enabled(if: SharedSamples.available, SharedSamples.skipReason))
struct TransformTonicFixtureTests {
    @Test("fixtures cover the 8 N-MNIST and 3 MNIST-DVS samples")
    func fixturesExist() {
        #expect(TransformFixture.names.count == 11)
    }

    @Test("our output equals tonic's, event for event", arguments: TransformFixture.names)
    func matchesTonic(_ name: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: TransformFixture.folder + "/" + name))
        let fixture = try JSONDecoder().decode(TransformFixture.self, from: data)
        let (events, sensor) = try fixture.events()
        // The same input tonic saw, or every comparison below is meaningless.
        #expect(EventDigest(events) == fixture.input)
        for result in fixture.results {
            let out: EventChunk
            if let filterTime = result.filterTime {
                out = try Denoise(filterTime: filterTime).apply(events, sensor: sensor).0
            } else {
                out = try RefractoryPeriod(period: try #require(result.period)).apply(events, sensor: sensor).0
            }
            #expect(EventDigest(out) == result.output, "\(result.transform) \(result.filterTime ?? result.period!)")
            #expect(keptRuns(input: events, output: out) == result.kept)
        }
    }

    @Test("native compat differs from tonic only at the start of the recording")
    func nativeDiffersOnlyAtStart() throws {
        let name = "slayer_NMNISTsmall_1.bs2"
        let events = try NMNISTReader(path: SharedSamples.path("nmnist/\(name)")).readAll()
        let filterTime: Int64 = 10_000
        let tonic = try Denoise(filterTime: filterTime).apply(events, sensor: .nmnist).0
        let native = try Denoise(filterTime: filterTime, compat: .native).apply(events, sensor: .nmnist).0
        // Native keeps a subset; every event it drops in addition is one tonic let through in its first window.
        #expect(native.count < tonic.count)
        let late = { (c: EventChunk) in (0..<c.count).filter { c.t[$0] >= filterTime }.map { c[$0] } }
        #expect(late(native) == late(tonic))
        let period: Int64 = 1000
        let tonicR = try RefractoryPeriod(period: period).apply(events, sensor: .nmnist).0
        let nativeR = try RefractoryPeriod(period: period, compat: .native).apply(events, sensor: .nmnist).0
        let positive = { (c: EventChunk) in (0..<c.count).filter { c.t[$0] > 0 }.map { c[$0] } }
        #expect(positive(nativeR) == positive(tonicR))
        #expect(nativeR.count - tonicR.count == Set((0..<events.count).filter { events.t[$0] == 0 }
            .map { [events.x[$0], events.y[$0]] }).count)
    }
}
