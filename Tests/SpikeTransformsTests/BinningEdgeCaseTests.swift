import SpikeEvents
import SpikeTransforms
import Testing

@Suite("Binning edge cases")
struct BinningEdgeCaseTests {
    let sensor = SensorSize(width: 4, height: 3)

    @Test("uint8 saturates at 255, uint16 at 65535, float32 counts exactly")
    func saturation() throws {
        let pixel = EventChunk(t: (0..<70_000).map { Int64($0) }, x: Array(repeating: 1, count: 70_000),
                               y: Array(repeating: 2, count: 70_000), p: Array(repeating: 1, count: 70_000))
        let u8 = try FrameBinning(.nTimeBins(1)).frames(pixel.slice(0..<300), sensor: sensor)
        #expect(nonZero(u8) == [[0, 1, 2, 1, 255]])
        let u16 = try FrameBinning(.nTimeBins(1), dtype: .uint16).frames(pixel, sensor: sensor)
        #expect(nonZero(u16) == [[0, 1, 2, 1, 65535]])
        let f32 = try FrameBinning(.nTimeBins(1), dtype: .float32).frames(pixel, sensor: sensor)
        #expect(nonZero(f32) == [[0, 1, 2, 1, 70_000]])
    }

    @Test("one event")
    func oneEvent() throws {
        let one = chunk([(500, 3, 1, 0)])
        // D = 1: ⌊0·3/1⌋ = 0.
        #expect(nonZero(try FrameBinning(.nTimeBins(3)).frames(one, sensor: sensor)) == [[0, 0, 1, 3, 1]])
        #expect(nonZero(try FrameBinning(.nEventBins(3)).frames(one, sensor: sensor)) == [[0, 0, 1, 3, 1]])
        #expect(try FrameBinning(.timeWindow(10)).frames(one, sensor: sensor).shape.timeSteps == 1)
        #expect(try FrameBinning(.eventCount(5)).frames(one, sensor: sensor).shape.timeSteps == 1)
        #expect(try FrameBinning(.eventCount(5), dropIncomplete: true).frames(one, sensor: sensor).shape.timeSteps == 0)
        #expect(try FrameBinning(.eventCount(1), dropIncomplete: true).frames(one, sensor: sensor).total == 1)
    }

    @Test("all events at one timestamp land in the first time bin")
    func oneTimestamp() throws {
        let same = chunk((0..<5).map { (100, UInt16($0 % 4), 0, 1) })
        let bins = try FrameBinning(.nTimeBins(4)).frames(same, sensor: sensor)
        #expect(nonZero(bins) == [[0, 1, 0, 0, 2], [0, 1, 0, 1, 1], [0, 1, 0, 2, 1], [0, 1, 0, 3, 1]])
        let window = try FrameBinning(.timeWindow(10), dropIncomplete: true).frames(same, sensor: sensor)
        #expect(window.shape.timeSteps == 0)  // D = 1 < w: the only window is incomplete
        #expect(try FrameBinning(.timeWindow(1), dropIncomplete: true).frames(same, sensor: sensor).total == 5)
    }

    @Test("more bins than events")
    func moreBinsThanEvents() throws {
        // nEventBins(5), N = 2: ⌊5i/2⌋ = 0, 2.
        let two = chunk([(0, 0, 0, 0), (7, 1, 0, 0)])
        #expect(nonZero(try FrameBinning(.nEventBins(5)).frames(two, sensor: sensor)) == [[0, 0, 0, 0, 1], [2, 0, 0, 1, 1]])
        // nTimeBins(10), t = 0, 1, 2 (D = 3): ⌊10r/3⌋ = 0, 3, 6.
        let three = chunk([(0, 0, 0, 0), (1, 1, 0, 0), (2, 2, 0, 0)])
        let f = try FrameBinning(.nTimeBins(10)).frames(three, sensor: sensor)
        #expect(f.shape.timeSteps == 10)
        #expect(nonZero(f) == [[0, 0, 0, 0, 1], [3, 0, 0, 1, 1], [6, 0, 0, 2, 1]])
    }

    @Test("empty input: T zero frames for n…Bins, the span's windows or none for timeWindow, none for eventCount")
    func empty() throws {
        let none = EventChunk()
        let t = try FrameBinning(.nTimeBins(4)).frames(none, sensor: sensor)
        #expect(t.shape == FrameShape(timeSteps: 4, channels: 2, height: 3, width: 4) && t.total == 0)
        #expect(try FrameBinning(.nEventBins(3), dtype: .float32).frames(none, sensor: sensor).shape.timeSteps == 3)
        #expect(try FrameBinning(.timeWindow(10)).frames(none, sensor: sensor).shape.timeSteps == 0)
        #expect(try FrameBinning(.timeWindow(25), start: 0, end: 99).frames(none, sensor: sensor).shape.timeSteps == 4)
        #expect(try FrameBinning(.eventCount(3)).frames(none, sensor: sensor).shape.timeSteps == 0)
        // A one-sided start after every event leaves no span either.
        let late = try FrameBinning(.nTimeBins(2), start: 1000).frames(seven, sensor: small)
        #expect(late.shape.timeSteps == 2 && late.total == 0)
    }

    @Test("events outside the sensor are a typed error naming the event")
    func outOfRange() throws {
        let cases: [(EventChunk, Int)] = [
            (chunk([(0, 0, 0, 0), (1, 1, 1, 1), (2, 4, 0, 0)]), 2),  // x = width
            (chunk([(0, 0, 3, 0), (1, 0, 0, 0)]), 0),                 // y = height
            (chunk([(0, 0, 0, 0), (1, 0, 0, 2)]), 1),                 // p = polarities
        ]
        for (events, index) in cases {
            for compat in [FrameBinning.Compat.native, .tonic] {
                let b = FrameBinning(.nTimeBins(2), dtype: .uint16, compat: compat)
                #expect(throws: BinningError.eventOutOfRange(index: index, event: events[index], sensor: sensor)) {
                    try b.frames(events, sensor: sensor)
                }
            }
        }
        let error = BinningError.eventOutOfRange(index: 2, event: Event(t: 2, x: 4, y: 0, p: 0), sensor: sensor)
        #expect(error.description.contains("event 2") && error.description.contains("x < 4"))
    }

    @Test("binning into a reused tensor keeps its buffer and gives the same frames")
    func reuse() throws {
        let b = FrameBinning(.nTimeBins(4), dtype: .uint16)
        var out = try b.frames(seven, sensor: small)
        let before = out.storage.withUnsafeBytes { $0.baseAddress }
        let other = chunk([(0, 3, 2, 1), (5, 3, 2, 1), (9, 0, 0, 0)])
        try b.frames(other, sensor: small, into: &out)
        #expect(out == (try b.frames(other, sensor: small)))
        #expect(out.storage.withUnsafeBytes { $0.baseAddress } == before)
        // A different dtype replaces the storage.
        try FrameBinning(.nTimeBins(4), dtype: .float32).frames(other, sensor: small, into: &out)
        #expect(out.dtype == .float32 && out.total == 3)
    }

    @Test("absurd frame counts are an error, not an allocation")
    func tooLarge() throws {
        let span = chunk([(0, 0, 0, 0), (Int64(1) << 40, 0, 0, 0)])
        #expect(throws: BinningError.tooLarge(frames: (1 << 40) + 1, elementsPerFrame: 24)) {
            try FrameBinning(.timeWindow(1)).frames(span, sensor: sensor)
        }
        for compat in [FrameBinning.Compat.native, .tonic] {
            #expect(throws: BinningError.tooLarge(frames: 1 << 40, elementsPerFrame: 24)) {
                try FrameBinning(.nTimeBins(1 << 40), compat: compat).frames(span, sensor: sensor)
            }
        }
    }
}
