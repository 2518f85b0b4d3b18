import AsyncAlgorithms
import SpikeEvents
import SpikePipeline
import Testing

@Suite("Shuffle and batch stages")
struct ShuffleBatchTests {
    static func collect<S: AsyncSequence>(_ s: S) async throws -> [S.Element] {
        var out: [S.Element] = []
        for try await x in s { out.append(x) }
        return out
    }

    @Test("the shuffle buffer is a seeded permutation")
    func shuffleDeterminism() async throws {
        let input = Array(0..<500)
        let a = try await Self.collect(input.async.shuffled(bufferSize: 64, seed: 7))
        let b = try await Self.collect(input.async.shuffled(bufferSize: 64, seed: 7))
        let c = try await Self.collect(input.async.shuffled(bufferSize: 64, seed: 8))
        #expect(a == b)
        #expect(a != c)
        #expect(a.sorted() == input && a != input)
        // A bounded buffer can only move an element forward by fewer than `bufferSize` places.
        for (position, value) in a.enumerated() { #expect(position >= value - 63) }
        #expect(try await Self.collect([Int]().async.shuffled(bufferSize: 4, seed: 1)).isEmpty)
    }

    @Test("SplitMix64 index(below:) is uniform enough and in range")
    func uniformIndex() {
        var rng = SplitMix64(seed: 42)
        var counts = [Int](repeating: 0, count: 10)
        for _ in 0..<100_000 { counts[rng.index(below: 10)] += 1 }
        #expect(counts.allSatisfy { (9_500...10_500).contains($0) })
    }

    static func sample(_ id: String, label: Int, t: Int, fill: UInt8) -> LabeledFrames {
        let shape = FrameShape(timeSteps: t, channels: 2, height: 1, width: 2)
        return LabeledFrames(id: id, label: label, frames: FrameTensor(
            shape: shape, storage: .uint8((0..<shape.elementCount).map { UInt8($0) &+ fill })))
    }

    @Test("batches of fixed T: contiguous [B, T, C, H, W] with zero padding and lengths")
    func fixedBatches() async throws {
        let samples = [Self.sample("a", label: 1, t: 2, fill: 0), Self.sample("b", label: 2, t: 1, fill: 100),
                       Self.sample("c", label: 3, t: 2, fill: 50)]
        let batches = try await Self.collect(samples.async.batched(size: 2, padding: .fixed(2)))
        #expect(batches.count == 2)
        #expect(batches[0].frameShape == FrameShape(timeSteps: 2, channels: 2, height: 1, width: 2))
        #expect(batches[0].data == [0, 1, 2, 3, 4, 5, 6, 7] + [100, 101, 102, 103, 0, 0, 0, 0])
        #expect(batches[0].labels == [1, 2] && batches[0].lengths == [2, 1] && batches[0].ids == ["a", "b"])
        #expect(batches[1].batchSize == 1 && batches[1].data == (50..<58).map(Float.init))
        let dropped = try await Self.collect(samples.async.batched(size: 2, padding: .fixed(2), dropLast: true))
        #expect(dropped.count == 1)
    }

    @Test("longest padding takes the batch's longest T; too-long samples are refused for fixed T")
    func longestAndErrors() async throws {
        let samples = [Self.sample("a", label: 0, t: 1, fill: 0), Self.sample("b", label: 0, t: 3, fill: 0)]
        let batch = try await Self.collect(samples.async.batched(size: 2, padding: .longest))[0]
        #expect(batch.frameShape.timeSteps == 3 && batch.lengths == [1, 3] && batch.data.count == 2 * 3 * 4)
        await #expect(throws: BatchError.tooManyTimeSteps(id: "b", timeSteps: 3, limit: 2)) {
            _ = try await Self.collect(samples.async.batched(size: 2, padding: .fixed(2)))
        }
    }

    @Test("prefetch passes everything through in order")
    func prefetch() async throws {
        #expect(try await Self.collect(Array(0..<100).async.prefetch(4)) == Array(0..<100))
    }
}
