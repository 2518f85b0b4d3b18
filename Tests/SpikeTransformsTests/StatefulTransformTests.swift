import SpikeEvents
import SpikeTransforms
import Testing

/// Transforms with a memory of the recording, applied chunk by chunk (online) against all at once.
@Suite("Stateful transforms chunk by chunk")
struct StatefulTransformTests {
    static let sensor = SensorSize(width: 34, height: 34)

    /// 20 000 time-ordered events over ~20 ms (each pixel fires every ~1.2 ms), every pixel of the sensor in reach
    /// (corners included, so the bounding box is the sensor): the filters keep some events and drop others, and
    /// near every cut some depend on events before it.
    static func recording(seed: UInt64 = 3, width: Int = 34, height: Int = 34, start: Int64 = 0) -> EventChunk {
        var random = TransformRandom(seed: seed)
        var t = start
        var events = EventChunk(capacity: 20_002)
        events.append(t: t, x: 0, y: 0, p: 0)
        for _ in 0..<20_000 {
            t += Int64(random.below(3))
            events.append(t: t, x: UInt16(random.below(UInt64(width))), y: UInt16(random.below(UInt64(height))),
                          p: UInt8(random.below(2)))
        }
        events.append(t: t + 1, x: UInt16(width - 1), y: UInt16(height - 1), p: 1)
        return events
    }

    /// `events` cut at `cuts` (ascending indices, repeats give empty chunks).
    static func chunks(_ events: EventChunk, cuts: [Int]) -> [EventChunk] {
        zip([0] + cuts, cuts + [events.count]).map { events.slice($0..<$1) }
    }

    /// The chunks through `transforms` with one recording state, concatenated.
    static func online(_ transforms: PreCacheTransforms, _ chunks: [EventChunk]) throws -> EventChunk {
        var state = PreCacheTransforms.RecordingState()
        var out = EventChunk()
        for chunk in chunks { out.append(contentsOf: try transforms.apply(chunk, sensor: sensor, state: &state).0) }
        return out
    }

    static let cuts = [0, 1, 1, 777, 5_000, 5_001, 12_345, 19_999]

    @Test("chunk by chunk equals all at once, and differs from chunks judged alone",
          arguments: ["denoise:filterTime=200,compat=native", "denoise:filterTime=200", "refractory:period=150",
                      "refractory:period=150,compat=native", "decimation:n=3", "timeAlignment"])
    func chunkedEqualsWhole(spec: String) throws {
        let transforms = try PreCacheTransforms(specs: [spec])
        let events = Self.recording(start: spec == "timeAlignment" ? 5_000 : 0)
        let whole = try transforms.apply(events, sensor: Self.sensor).0
        let pieces = Self.chunks(events, cuts: Self.cuts)
        #expect(rows(try Self.online(transforms, pieces)) == rows(whole))
        #expect(whole.count > 0 && whole.count < events.count || spec == "timeAlignment")
        var alone = EventChunk()
        for chunk in pieces { alone.append(contentsOf: try transforms.apply(chunk, sensor: Self.sensor).0) }
        #expect(rows(alone) != rows(whole))  // the memory is what makes them equal
    }

    @Test("a list mixing per-event and stateful steps, with a crop changing the sensor, streams like the whole")
    func mixedList() throws {
        let transforms = try PreCacheTransforms(specs: ["timeAlignment", "crop:box=2,3,28,30", "denoise:filterTime=300",
                                                        "flipLR", "refractory:period=100", "decimation:n=2"])
        let events = Self.recording(seed: 8, start: 77)
        let whole = try transforms.apply(events, sensor: Self.sensor)
        #expect(whole.1 == SensorSize(width: 28, height: 30) && whole.0.count > 100)
        #expect(rows(try Self.online(transforms, Self.chunks(events, cuts: Self.cuts))) == rows(whole.0))
    }

    @Test("tonic denoise online: equal to the whole pass when the events fill only part of the sensor; apart when all are at (0, 0)")
    func tonicDenoiseStartUp() throws {
        // Events only in x, y < 20 of the 34×34 sensor: offline tonic's grid is that 20×20 box, online the sensor.
        let events = Self.recording(seed: 5, width: 20, height: 20)
        let transforms = try PreCacheTransforms(specs: ["denoise:filterTime=2000"])
        let whole = try transforms.apply(events, sensor: Self.sensor).0
        #expect(rows(try Self.online(transforms, Self.chunks(events, cuts: Self.cuts))) == rows(whole))
        // All events at (0, 0): offline tonic's grid (from the origin to the largest x, y) is 1×1, no neighbours;
        // online the sensor neighbours count as fired at t = 0, so the events of the first 2 000 µs survive.
        let onePixel = chunk([(5, 0, 0, 0), (900, 0, 0, 1), (1_999, 0, 0, 0), (2_000, 0, 0, 0), (2_500, 0, 0, 1)])
        #expect(try transforms.apply(onePixel, sensor: Self.sensor).0.isEmpty)
        #expect(rows(try Self.online(transforms, Self.chunks(onePixel, cuts: [2]))).map { $0[0] } == [5, 900, 1_999])
    }

    @Test("a state made for another sensor is refused")
    func stateOfAnotherSensor() throws {
        let refractory = RefractoryPeriod(period: 10)
        var state = refractory.makeState(sensor: SensorSize(width: 10, height: 10))
        #expect(throws: TransformError.self) {
            try refractory.apply(Self.recording(), sensor: Self.sensor, state: &state)
        }
    }
}
