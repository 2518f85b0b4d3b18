import Foundation
import SpikeCache
import SpikeEvents
import SpikeFormats
import SpikePipeline
import SpikePreprocess
import SpikeTestSupport
import SpikeTransforms
import Testing

@Suite("Preprocess --store-events")
struct PreprocessStoreEventsTests {
    @Test("stores each sample's pre-cache-transformed events, changes the key, and re-bins to the cached frames")
    func storeEvents() async throws {
        let (root, samples) = try await PreprocessTests.dataset(trainPerClass: 1, testPerClass: 0)
        let crop = try PreCacheTransforms([BoxCrop(x: 2, y: 3, width: 24, height: 20)])
        var request = PreprocessTests.request(samples, out: root + "-events.h5")
        request.transforms = crop
        request.storeEvents = true
        let report = try await Preprocessor.run(request)
        var framesOnly = request
        framesOnly.storeEvents = false
        #expect(try Preprocessor.cacheKey(for: framesOnly).key.hex != report.cacheKey)
        #expect(try Preprocessor.cacheKey(for: request).key.canonicalJSON.contains(#""store_events":true"#))
        #expect(try !Preprocessor.cacheKey(for: framesOnly).key.canonicalJSON.contains("store_events"))

        let cache = try CacheReader(path: report.output)
        #expect(cache.eventSensor == SensorSize(width: 24, height: 20))
        var total = 0
        for (i, sample) in samples.enumerated() {
            let (expected, _) = try crop.apply(NMNISTReader(path: sample.source.path).readAll(), sensor: .nmnist)
            #expect(try cache.events(at: i) == expected)
            total += expected.count
        }
        #expect(report.events == total && cache.eventOffsets.last == Int64(total))

        let source = try AugmentedEpochSource(reader: cache, transforms: PostCacheTransforms(steps: []), shuffle: false)
        #expect(source.binning == PreprocessTests.binning)
        var index = 0
        for try await sample in source {
            #expect(sample.frames == (try cache.frames(at: index)))
            index += 1
        }
        #expect(index == samples.count)
    }
}
