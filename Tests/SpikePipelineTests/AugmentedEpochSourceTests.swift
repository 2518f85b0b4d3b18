import Foundation
import SpikeCache
import SpikeEvents
import SpikePipeline
import SpikeTestSupport
import SpikeTransforms
import Testing

@Suite("Augmented epochs from cached events")
struct AugmentedEpochSourceTests {
    static let sensor = SensorSize(width: 8, height: 8)
    static let binning = FrameBinning(.nTimeBins(4))

    /// 200 time-ordered events of sample `i`, spread over the sensor.
    static func events(_ i: Int) -> EventChunk {
        var random = SplitMix64(seed: UInt64(i) + 1)
        var chunk = EventChunk()
        for k in 0..<200 {
            chunk.append(t: Int64(k * 10), x: UInt16(random.index(below: 8)), y: UInt16(random.index(below: 8)),
                         p: UInt8(random.index(below: 2)))
        }
        return chunk
    }

    /// A cache of `n` samples binned with `binning`; with `storeEvents` it also holds their events.
    static func cache(_ n: Int, storeEvents: Bool = true) async throws -> CacheReader {
        let path = try RepoPaths.temporaryDirectory("spikestream-augment") + "/a.h5"
        struct Recorded: Encodable { let binning: FrameBinning; let transforms: [String] }
        let json = String(decoding: try JSONEncoder().encode(Recorded(binning: binning, transforms: [])), as: UTF8.self)
        let writer = try await CacheWriter.open(CacheWriterConfiguration(
            path: path, cacheKey: "k", dataset: "test", transformJSON: json, createdBy: "tests", dtype: .uint8,
            geometry: FrameGeometry(channels: 2, height: 8, width: 8), framesPerChunk: 4,
            eventSensor: storeEvents ? sensor : nil))
        for i in 0..<n {
            let events = Self.events(i)
            try await writer.append(writer.encode(id: "s\(i)", label: i % 10, split: i % 4 == 3 ? .test : .train,
                                                  frames: binning.frames(events, sensor: sensor),
                                                  events: storeEvents ? events : nil))
        }
        try await writer.finish()
        return try CacheReader(path: path)
    }

    static func collect(_ source: AugmentedEpochSource) async throws -> [LabeledFrames] {
        var samples: [LabeledFrames] = []
        for try await sample in source { samples.append(sample) }
        return samples
    }

    static let augment = try! PostCacheTransforms(specs: ["dropEvent:p=0.3", "randomFlip:axis=lr,p=0.5",
                                                          "timeJitter:std=5"])

    @Test("identity augmentation gives exactly the cached frames, in the CacheEpochSource order")
    func identity() async throws {
        let reader = try await Self.cache(12)
        let source = try AugmentedEpochSource(reader: reader, transforms: PostCacheTransforms(steps: []), split: .train,
                                              epoch: 2, seed: 7)
        #expect(source.binning == Self.binning && source.sensor == Self.sensor)
        let samples = try await Self.collect(source)
        var cached: [LabeledFrames] = []
        for try await sample in CacheEpochSource(reader: reader, split: .train, epoch: 2, seed: 7) { cached.append(sample) }
        #expect(samples.count == 9)
        #expect(samples == cached)
    }

    @Test("same seed and epoch repeat exactly, at any concurrency; another epoch augments differently")
    func reproducible() async throws {
        let reader = try await Self.cache(12)
        let make = { (epoch: Int, workers: Int) throws -> AugmentedEpochSource in
            try AugmentedEpochSource(reader: reader, transforms: Self.augment, epoch: epoch, seed: 11,
                                     maxConcurrency: workers)
        }
        let a = try await Self.collect(make(0, 2))
        let b = try await Self.collect(make(0, 1))
        let c = try await Self.collect(make(0, 3))
        #expect(a == b && a == c)
        let next = try make(1, 2)
        let byID = Dictionary(uniqueKeysWithValues: try await Self.collect(next).map { ($0.id, $0.frames) })
        let changed = a.filter { byID[$0.id] != $0.frames }.count
        #expect(changed == a.count)  // dropping 30 % of 200 events changes every sample's frames
        // The augmentation is the transform list applied with the (seed, epoch, cache index) generator.
        let index = 5
        let (expected, sensor) = try Self.augment.apply(Self.events(index), sensor: Self.sensor, seed: 11, epoch: 1,
                                                        sample: index)
        #expect(try next.sample(at: index).frames == Self.binning.frames(expected, sensor: sensor))
        #expect(expected.count < 200)
    }

    @Test("a cache without /events is refused with the fix: re-run preprocess with --store-events")
    func noEvents() async throws {
        let reader = try await Self.cache(2, storeEvents: false)
        #expect(throws: AugmentationError.cache(.noEvents(path: reader.path))) {
            try AugmentedEpochSource(reader: reader, transforms: Self.augment)
        }
        #expect(AugmentationError.cache(.noEvents(path: reader.path)).description.contains("--store-events"))
    }
}
