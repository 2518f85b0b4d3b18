import SpikeCache
import SpikeEvents
import SpikePipeline
import SpikeTestSupport
import Testing

@Suite("Cache as an epoch source")
struct CacheEpochSourceTests {
    /// A cache of `n` samples [2, 1, 2, 2] whose frames encode their index; every third sample is a test sample.
    static func cache(_ n: Int) async throws -> CacheReader {
        let path = try RepoPaths.temporaryDirectory("spikestream-epoch") + "/c.h5"
        let writer = try await CacheWriter.open(CacheWriterConfiguration(
            path: path, cacheKey: "k", dataset: "test", transformJSON: "{}", createdBy: "tests", dtype: .uint8,
            geometry: FrameGeometry(channels: 1, height: 2, width: 2), framesPerChunk: 2))
        for i in 0..<n {
            let frames = FrameTensor(shape: FrameShape(timeSteps: 2, channels: 1, height: 2, width: 2),
                                     storage: .uint8([UInt8(i % 256)] + [UInt8](repeating: 1, count: 7)))
            try await writer.append(writer.encode(id: "s\(i)", label: i % 10, split: i % 3 == 2 ? .test : .train,
                                                  frames: frames))
        }
        try await writer.finish()
        return try CacheReader(path: path)
    }

    static func ids(_ source: CacheEpochSource) async throws -> [String] {
        var ids: [String] = []
        for try await sample in source {
            #expect(sample.frames.storage[0] == Double(Int(sample.id.dropFirst())! % 256))
            #expect(sample.label == Int(sample.id.dropFirst())! % 10)
            ids.append(sample.id)
        }
        return ids
    }

    @Test("each epoch visits every sample of its split once, in a seeded order that changes per epoch")
    func epochs() async throws {
        let reader = try await Self.cache(90)
        let e0 = try await Self.ids(CacheEpochSource(reader: reader, split: .train, epoch: 0, seed: 3))
        let e0again = try await Self.ids(CacheEpochSource(reader: reader, split: .train, epoch: 0, seed: 3))
        let e1 = try await Self.ids(CacheEpochSource(reader: reader, split: .train, epoch: 1, seed: 3))
        let trainIDs = (0..<90).filter { $0 % 3 != 2 }.map { "s\($0)" }
        #expect(e0 == e0again)
        #expect(e0 != e1)
        #expect(e0.sorted() == trainIDs.sorted() && e1.sorted() == trainIDs.sorted())
        let inOrder = try await Self.ids(CacheEpochSource(reader: reader, split: .test, shuffle: false))
        #expect(inOrder == (0..<90).filter { $0 % 3 == 2 }.map { "s\($0)" })
    }

    @Test("source → batch gives the samples' frames as Float32 batches")
    func batches() async throws {
        let reader = try await Self.cache(10)
        var seen = 0
        for try await batch in CacheEpochSource(reader: reader, shuffle: false).batched(size: 4, padding: .fixed(2)) {
            for b in 0..<batch.batchSize {
                #expect(batch.data[b * 8] == Float(seen) && batch.data[b * 8 + 7] == 1)
                #expect(batch.labels[b] == Int32(seen % 10))
                seen += 1
            }
        }
        #expect(seen == 10)
    }
}
