import SpikeEvents
import SpikeTransforms
import Testing

/// Crops, downsampling, flips, polarity and time transforms on `seven` (4×3 sensor, see BinningTestHelpers):
///   e0 (10, 0,0, 1)  e1 (12, 1,0, 0)  e2 (15, 1,0, 0)  e3 (20, 3,2, 1)  e4 (29, 2,1, 0)  e5 (30, 2,1, 0)
///   e6 (39, 0,2, 1)
@Suite("Transform geometry and time (small lists)")
struct TransformGeometryTests {
    @Test("box crop keeps x ∈ [1, 3), y ∈ [0, 2), shifts by (−1, 0), sensor 2×2")
    func boxCrop() throws {
        let (out, sensor) = try run(BoxCrop(x: 1, y: 0, width: 2, height: 2), seven, sensor: small)
        #expect(out == [[12, 0, 0, 0], [15, 0, 0, 0], [29, 1, 1, 0], [30, 1, 1, 0]])
        #expect(sensor == SensorSize(width: 2, height: 2))
        #expect(throws: TransformError.self) { try BoxCrop(x: 3, y: 0, width: 2, height: 2).apply(seven, sensor: small) }
    }

    @Test("centre crop: offset ⌊(W − w)/2⌋, negative (padding) when larger")
    func centerCrop() throws {
        // 2×2 of 4×3: offset (1, 0) — the same box as above.
        let (out, sensor) = try run(CenterCrop(size: PixelSize(width: 2, height: 2)), seven, sensor: small)
        #expect(out == [[12, 0, 0, 0], [15, 0, 0, 0], [29, 1, 1, 0], [30, 1, 1, 0]])
        #expect(sensor == SensorSize(width: 2, height: 2))
        // 7×3 of 4×3: offset (⌊−3/2⌋ = −2, 0): nothing dropped, x + 2.
        let (padded, wide) = try run(CenterCrop(size: PixelSize(width: 7, height: 3)), seven, sensor: small)
        #expect(padded.map { $0[1] } == [2, 3, 3, 5, 4, 4, 2])
        #expect(wide == SensorSize(width: 7, height: 3))
    }

    @Test("downsample by factor, by target size, and in time")
    func downsample() throws {
        let (half, halfSensor) = try run(Downsample(spatialFactor: 0.5), seven, sensor: small)
        #expect(half.map { [$0[1], $0[2]] } == [[0, 0], [0, 0], [0, 0], [1, 1], [1, 0], [1, 0], [0, 1]])
        #expect(halfSensor == SensorSize(width: 2, height: 2)) // ⌊3·0.5⌋ + 1, ⌊2·0.5⌋ + 1
        // x·3/4 and y·2/3, floored.
        let (target, targetSensor) = try run(Downsample(targetSize: PixelSize(width: 3, height: 2)), seven, sensor: small)
        #expect(target.map { [$0[1], $0[2]] } == [[0, 0], [0, 0], [0, 0], [2, 1], [1, 0], [1, 0], [0, 1]])
        #expect(targetSensor == SensorSize(width: 3, height: 2))
        // t·0.5 truncated: 14.5 → 14, 19.5 → 19.
        #expect(try run(Downsample(timeFactor: 0.5), seven, sensor: small).0.map { $0[0] } == [5, 6, 7, 10, 14, 15, 19])
        #expect(throws: TransformError.self) {
            try Downsample(spatialFactor: 0.5, targetSize: PixelSize(width: 2, height: 2)).apply(seven, sensor: small)
        }
    }

    @Test("downsample over many blocks equals per-event arithmetic; an event off the sensor is named as it was; time overflow refused")
    func downsampleLarge() throws {
        let sensor = SensorSize(width: 34, height: 34)
        var random = TransformRandom(seed: 4)
        let events = chunk((0..<10_000).map { i in
            (Int64(i) * 7, UInt16(random.below(34)), UInt16(random.below(34)), UInt8(random.below(2)))
        })
        let (out, size) = try run(Downsample(spatialFactor: 0.3, timeFactor: 0.25), events, sensor: sensor)
        #expect(size == SensorSize(width: 10, height: 10))  // ⌊33·0.3⌋ + 1
        let expected: [[Int64]] = (0..<events.count).map { (i: Int) -> [Int64] in
            let t = Int64(Double(events.t[i]) * 0.25)
            let x = Int64(Double(events.x[i]) * 0.3), y = Int64(Double(events.y[i]) * 0.3)
            return [t, x, y, Int64(events.p[i])]
        }
        #expect(out == expected)
        var bad = events
        bad.y[9_000] = 34  // in the third 4 096-event block
        #expect(throws: TransformError.eventOutOfRange(transform: "downsample", index: 9_000, event: bad[9_000], sensor: sensor)) {
            try Downsample(targetSize: PixelSize(width: 17, height: 17)).apply(bad, sensor: sensor)
        }
        #expect(throws: TransformError.invalidParameter(transform: "downsample", parameter: "coefficient",
                                                        reason: "overflows 64-bit µs times")) {
            try Downsample(timeFactor: 1e12).apply(chunk([(1, 0, 0, 0), (10_000_000, 0, 0, 0)]), sensor: sensor)
        }
    }

    @Test("flips and polarity merge")
    func flips() throws {
        #expect(try run(FlipLR(), seven, sensor: small).0.map { $0[1] } == [3, 2, 2, 0, 1, 1, 3])
        #expect(try run(FlipUD(), seven, sensor: small).0.map { $0[2] } == [2, 2, 2, 0, 1, 1, 0])
        #expect(try run(FlipPolarity(), seven, sensor: small).0.map { $0[3] } == [0, 1, 1, 0, 1, 1, 0])
        let (merged, sensor) = try run(MergePolarities(), seven, sensor: small)
        #expect(merged.map { $0[3] } == [0, 0, 0, 0, 0, 0, 0])
        #expect(sensor == SensorSize(width: 4, height: 3, polarities: 1))
        let audio = SensorSize(width: 10, height: 1)
        #expect(throws: TransformError.unsupportedEventKind(transform: "flipUD", kind: .audio)) {
            try FlipUD().apply(chunk([(0, 9, 0, 1)]), sensor: audio)
        }
        #expect(try run(FlipLR(), chunk([(0, 9, 0, 1), (1, 2, 0, 0)]), sensor: audio).0.map { $0[1] } == [0, 7])
    }

    @Test("crop time, alignment and skew")
    func time() throws {
        #expect(try run(CropTime(min: 12, max: 29), seven, sensor: small).0.map { $0[0] } == [12, 15, 20, 29])
        #expect(try run(CropTime(min: 30), seven, sensor: small).0.map { $0[0] } == [30, 39])
        #expect(try run(TimeAlignment(), seven, sensor: small).0.map { $0[0] } == [0, 2, 5, 10, 19, 20, 29])
        // trunc(1.5·t − 3): 19.5 → 19, 40.5 → 40, 55.5 → 55.
        #expect(try run(TimeSkew(coefficient: 1.5, offset: -3), seven, sensor: small).0.map { $0[0] }
            == [12, 15, 19, 27, 40, 42, 55])
    }

    @Test("delay lines: copy d at t + d·step on rows y + d·H, time-ordered (originals first on ties), sensor H·taps rows")
    func delayLines() throws {
        let (out, sensor) = try run(DelayLines(taps: 2, step: 5), seven, sensor: small)
        #expect(out == [[10, 0, 0, 1], [12, 1, 0, 0], [15, 1, 0, 0], [15, 0, 3, 1], [17, 1, 3, 0], [20, 3, 2, 1],
                        [20, 1, 3, 0], [25, 3, 5, 1], [29, 2, 1, 0], [30, 2, 1, 0], [34, 2, 4, 0], [35, 2, 4, 0],
                        [39, 0, 2, 1], [44, 0, 5, 1]])
        #expect(sensor == SensorSize(width: 4, height: 6))
        // Audio (H = 1): row d is the channel d·step earlier.
        let audio = SensorSize(width: 10, height: 1)
        let (spoken, tall) = try run(DelayLines(taps: 3, step: 10), chunk([(0, 3, 0, 1), (15, 5, 0, 0)]), sensor: audio)
        #expect(spoken == [[0, 3, 0, 1], [10, 3, 1, 1], [15, 5, 0, 0], [20, 3, 2, 1], [25, 5, 1, 0], [35, 5, 2, 0]])
        #expect(tall == SensorSize(width: 10, height: 3))
        let (same, sameSensor) = try run(DelayLines(taps: 1, step: 10), seven, sensor: small)
        #expect(same == rows(seven) && sameSensor == small)
        #expect(throws: TransformError.self) { try DelayLines(taps: 0, step: 10).apply(seven, sensor: small) }
        #expect(throws: TransformError.self) { try DelayLines(taps: 2, step: 0).apply(seven, sensor: small) }
        #expect(throws: TransformError.self) { try DelayLines(taps: 2, step: .max / 2).apply(chunk([(.max / 2 + 2, 0, 0, 0)]), sensor: audio) }
        #expect(try TransformStep(spec: "delayLines:taps=4,step=20000").name == "delayLines")
    }

    @Test("drop listed pixels and hot pixels")
    func dropPixels() throws {
        #expect(try run(DropPixel(pixels: [(1, 0), (2, 1), (9, 9)]), seven, sensor: small).0.map { $0[0] } == [10, 20, 39])
        // Span 39 − 10 = 29 µs; (1,0) and (2,1) fired twice. 50 kHz → limit 1.45 events: both are hot.
        #expect(try run(HotPixels(frequency: 50_000), seven, sensor: small).0.map { $0[0] } == [10, 20, 39])
        // 70 kHz → limit 2.03: none is.
        #expect(try run(HotPixels(frequency: 70_000), seven, sensor: small).0.count == 7)
    }
}
