import Foundation
import SpikeEvents
import SpikeTransforms
import Testing

@Suite("Transform lists, JSON and spec strings")
struct TransformListTests {
    func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test("spec strings parse to tagged JSON and print back")
    func specs() throws {
        let denoise = try TransformStep(spec: "denoise:filterTime=10000")
        #expect(try json(denoise) == #"{"compat":"tonic","filterTime":10000,"type":"denoise"}"#)
        #expect(denoise.description == "denoise:compat=tonic,filterTime=10000")
        let crop = try TransformStep(spec: "crop:box=0,0,32,32")
        #expect(crop == (try TransformStep(BoxCrop(x: 0, y: 0, width: 32, height: 32))))
        #expect(try TransformStep(spec: "refractory:period=1000") == TransformStep(RefractoryPeriod(period: 1000)))
        #expect(try TransformStep(spec: "downsample:targetSize=16,16,timeFactor=0.001")
            == TransformStep(Downsample(targetSize: PixelSize(width: 16, height: 16), timeFactor: 0.001)))
        #expect(try TransformStep(spec: "timeJitter:std=5,sort=false") == TransformStep(TimeJitter(std: 5, sort: false)))
        #expect(try TransformStep(spec: "flipLR") == TransformStep(FlipLR()))
        for step in [denoise, crop, try TransformStep(spec: "randomFlip:axis=ud,p=0.25")] {
            #expect(try TransformStep(spec: step.description) == step)
        }
    }

    @Test("bad specs are refused with the reason")
    func badSpecs() {
        #expect(throws: TransformError.unknownTransform(name: "denoize", known: TransformCatalog.names)) {
            try TransformStep(spec: "denoize:filterTime=1")
        }
        #expect(throws: TransformError.self) { try TransformStep(spec: "denoise:filtertime=1") } // unknown key
        #expect(throws: TransformError.self) { try TransformStep(spec: "denoise") } // filterTime required
        #expect(throws: TransformError.self) { try TransformStep(spec: "denoise:filterTime=-5") } // validated
        #expect(throws: TransformError.self) { try TransformStep(spec: "crop:box=0,0,32") }
        #expect(throws: TransformError.self) { try TransformStep(spec: "randomFlip:axis=diagonal") }
    }

    @Test("a random transform before the cache is refused, in code, in specs and in JSON")
    func randomBeforeCache() throws {
        #expect(throws: TransformError.randomBeforeCache(transform: "randomCrop")) {
            try PreCacheTransforms(specs: ["denoise:filterTime=10", "randomCrop:size=16,16"])
        }
        let bad = #"{"preCache":[{"type":"dropEvent","p":0.1}],"postCache":[]}"#
        #expect(throws: TransformError.randomBeforeCache(transform: "dropEvent")) {
            try JSONDecoder().decode(TransformPipeline.self, from: Data(bad.utf8))
        }
        let good = #"{"preCache":[{"type":"denoise","filterTime":10}],"postCache":[{"type":"dropEvent","p":0.1}]}"#
        let pipeline = try JSONDecoder().decode(TransformPipeline.self, from: Data(good.utf8))
        #expect(pipeline.preCache.steps.map(\.name) == ["denoise"])
        #expect(pipeline.postCache.steps.map(\.isRandom) == [true])
        #expect(try json(pipeline.preCache) == #"[{"compat":"tonic","filterTime":10,"type":"denoise"}]"#)
    }

    @Test("lists apply in order, track the sensor, and replay per (seed, epoch, sample)")
    func apply() throws {
        let pre = try PreCacheTransforms([BoxCrop(x: 1, y: 0, width: 2, height: 2), FlipLR()])
        let (out, sensor) = try pre.apply(seven, sensor: small)
        // Crop → x 0,0,1,1 on a 2-wide sensor, then flip → 1,1,0,0.
        #expect(rows(out).map { $0[1] } == [1, 1, 0, 0])
        #expect(sensor == SensorSize(width: 2, height: 2))
        #expect(try pre.outputSensor(for: small) == sensor)
        let post = try PostCacheTransforms([DropEvent(p: 0.5), TimeJitter(std: 2)])
        let a = try post.apply(seven, sensor: small, seed: 9, epoch: 3, sample: 1).0
        #expect(a == (try post.apply(seven, sensor: small, seed: 9, epoch: 3, sample: 1).0))
        #expect(a.count == 3)
        let audio = SensorSize(width: 64, height: 1, polarities: 1)
        #expect(throws: TransformError.unsupportedEventKind(transform: "crop", kind: .audio)) {
            try PreCacheTransforms([BoxCrop(x: 0, y: 0, width: 2, height: 1)]).apply(chunk([(0, 1, 0, 0)]), sensor: audio)
        }
    }

    @Test("help has one line per transform, augmentations marked")
    func help() {
        let lines = TransformCatalog.helpText.split(separator: "\n")
        #expect(lines.count == TransformCatalog.all.count)
        #expect(lines.contains { $0.hasPrefix("denoise:filterTime=") })
        #expect(lines.contains { $0.hasPrefix("[random] randomCrop:") })
    }
}
