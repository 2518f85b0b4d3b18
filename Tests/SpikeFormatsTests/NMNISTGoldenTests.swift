import SpikeEvents
import SpikeFormats
import SpikeTestSupport
import Testing

@Suite("N-MNIST reader against the shared real samples")
struct NMNISTGoldenTests {
    static let samples = SharedSamples.available
        ? SharedSamples.files(in: "nmnist", extensions: ["bin", "bs2"]) : []

    @Test("there are real N-MNIST samples to test", .enabled(if: SharedSamples.available, SharedSamples.skipReason))
    func samplesPresent() {
        #expect(Self.samples.count == 8)
    }

    @Test("decodes every sample exactly as the golden", .enabled(if: SharedSamples.available, SharedSamples.skipReason),
          arguments: samples)
    func matchesGolden(sample: String) throws {
        let golden = try SharedSamples.golden(for: sample)
        let events = try NMNISTReader(path: SharedSamples.path(sample)).readAll()
        events.expectMatches(golden)
    }

    @Test("small chunks concatenate to the whole decoding", .enabled(if: SharedSamples.available, SharedSamples.skipReason),
          arguments: [1, 7, 1000])
    func chunkedEqualsWhole(maxEvents: Int) throws {
        let path = SharedSamples.path("nmnist/tonic_sample_nmnist.bin")
        let whole = try NMNISTReader(path: path).readAll()
        let reader = try NMNISTReader(path: path, blockRecords: 64)
        var joined = EventChunk()
        while let chunk = try reader.nextChunk(maxEvents: maxEvents) {
            #expect(chunk.count <= maxEvents && chunk.count > 0)
            joined.append(contentsOf: chunk)
        }
        #expect(joined == whole)
    }

    @Test("the AsyncSequence view yields the same events", .enabled(if: SharedSamples.available, SharedSamples.skipReason))
    func asyncView() async throws {
        let path = SharedSamples.path("nmnist/slayer_NMNISTsmall_1.bs2")
        let whole = try NMNISTReader(path: path).readAll()
        var joined = EventChunk()
        for try await chunk in try NMNISTReader(path: path).chunks(maxEvents: 500) {
            joined.append(contentsOf: chunk)
        }
        #expect(joined == whole)
    }

    @Test("writer reproduces the real file byte for byte", .enabled(if: SharedSamples.available, SharedSamples.skipReason),
          arguments: samples)
    func writerRoundTrip(sample: String) throws {
        let events = try NMNISTReader(path: SharedSamples.path(sample)).readAll()
        let dir = try RepoPaths.temporaryDirectory()
        let out = dir + "/copy.bin"
        let writer = try NMNISTWriter(path: out)
        try writer.write(events)
        try writer.close()
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: SharedSamples.path(sample))))
        let copy = try [UInt8](Data(contentsOf: URL(fileURLWithPath: out)))
        #expect(copy == original)
    }
}

import Foundation
