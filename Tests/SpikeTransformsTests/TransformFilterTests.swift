import SpikeEvents
import SpikeTransforms
import Testing

/// Denoise, refractory period and decimation on small lists; every expectation derived by hand in the comments.
@Suite("Transform filters (denoise, refractory, decimation)")
struct TransformFilterTests {
    /// On 4×3, filterTime 5:
    ///   a (2, 3,0)  t < 5: its neighbour (2,0) still holds tonic's start value 0 + 5 > 2 → tonic keeps, native not
    ///   b (10, 1,1) no neighbour ever fired → dropped
    ///   c (12, 2,1) left neighbour b at 10: 15 > 12 → kept
    ///   d (20, 2,2) up neighbour c at 12: 17 ≤ 20 → dropped (but its time is stored)
    ///   e (22, 3,2) left neighbour d at 20: 25 > 22 → kept
    ///   f (23, 1,2) right neighbour d at 20 → kept
    ///   g (25, 0,1) only its diagonal f (23) is fresh; the 4-neighbours b (10) and (0,0), (0,2) are not → dropped
    ///   h (26, 0,1) only itself (g at 25) fired → dropped
    let denoiseInput = chunk([(2, 3, 0, 1), (10, 1, 1, 1), (12, 2, 1, 0), (20, 2, 2, 1), (22, 3, 2, 0), (23, 1, 2, 1),
                              (25, 0, 1, 1), (26, 0, 1, 0)])

    @Test("denoise keeps events with a 4-neighbour fired less than filterTime before")
    func denoise() throws {
        let sensor = SensorSize(width: 4, height: 3)
        #expect(try run(Denoise(filterTime: 5), denoiseInput, sensor: sensor).0
            == [[2, 3, 0, 1], [12, 2, 1, 0], [22, 3, 2, 0], [23, 1, 2, 1]])
        #expect(try run(Denoise(filterTime: 5, compat: .native), denoiseInput, sensor: sensor).0
            == [[12, 2, 1, 0], [22, 3, 2, 0], [23, 1, 2, 1]])
        // Strict: a neighbour exactly filterTime earlier is too old (c at 12 vs b at 10 with filterTime 2).
        #expect(try run(Denoise(filterTime: 2, compat: .native), denoiseInput, sensor: sensor).0.isEmpty)
    }

    @Test("denoise in tonic compat sizes its grid by the events, not the sensor")
    func denoiseTonicGrid() throws {
        let sensor = SensorSize(width: 8, height: 8)
        // One event: tonic's grid is 1×1, no neighbour exists, so even at t < filterTime it is dropped.
        #expect(try run(Denoise(filterTime: 5), chunk([(1, 0, 0, 1)]), sensor: sensor).0.isEmpty)
        // Two: the grid is 2×1 and each has a neighbour holding the start value 5 > t.
        #expect(try run(Denoise(filterTime: 5), chunk([(1, 0, 0, 1), (1, 1, 0, 1)]), sensor: sensor).0.count == 2)
    }

    @Test("denoise refuses 1-D audio events and a zero filterTime")
    func denoiseErrors() {
        let audio = SensorSize(width: 700, height: 1, polarities: 1)
        #expect(throws: TransformError.unsupportedEventKind(transform: "denoise", kind: .audio)) {
            try Denoise(filterTime: 5).apply(chunk([(1, 3, 0, 0)]), sensor: audio)
        }
        #expect(throws: TransformError.invalidParameter(transform: "denoise", parameter: "filterTime",
                                                        reason: "must be at least 1 µs, got 0")) {
            try Denoise(filterTime: 0).apply(denoiseInput, sensor: SensorSize(width: 4, height: 3))
        }
        #expect(throws: TransformError.self) {
            try Denoise(filterTime: 5).apply(chunk([(1, 4, 0, 0)]), sensor: SensorSize(width: 4, height: 3))
        }
    }

    /// Period 5 at pixels A = (1,1), B = (2,1):
    ///   A@0 tonic: 0 − (−5) = 5 ≤ 5 → dropped (native keeps a pixel's first event); A@3: 3 ≤ 5 dropped;
    ///   A@7: 7 − 3 = 4 (dropped events still reset the pixel) dropped; B@9 first at B, t > 0 → kept;
    ///   A@13: 13 − 7 = 6 kept; B@14: 14 − 9 = 5, not more than 5 → dropped; B@20: 20 − 14 = 6 kept.
    let refractoryInput = chunk([(0, 1, 1, 1), (3, 1, 1, 0), (7, 1, 1, 1), (9, 2, 1, 1), (13, 1, 1, 0), (14, 2, 1, 1),
                                 (20, 2, 1, 0)])

    @Test("refractory drops events within period of the previous one at the pixel")
    func refractory() throws {
        let sensor = SensorSize(width: 4, height: 3)
        #expect(try run(RefractoryPeriod(period: 5), refractoryInput, sensor: sensor).0
            == [[9, 2, 1, 1], [13, 1, 1, 0], [20, 2, 1, 0]])
        #expect(try run(RefractoryPeriod(period: 5, compat: .native), refractoryInput, sensor: sensor).0
            == [[0, 1, 1, 1], [9, 2, 1, 1], [13, 1, 1, 0], [20, 2, 1, 0]])
    }

    @Test("refractory works per channel on 1-D audio events")
    func refractoryAudio() throws {
        let audio = SensorSize(width: 700, height: 1, polarities: 1)
        // Channel 699 at 1, 4, 8; channel 0 at 2: period 3 keeps 699@1, 0@2, 699@8 (8 − 4 = 4 > 3).
        let events = chunk([(1, 699, 0, 0), (2, 0, 0, 0), (4, 699, 0, 0), (8, 699, 0, 0)])
        #expect(try run(RefractoryPeriod(period: 3), events, sensor: audio).0
            == [[1, 699, 0, 0], [2, 0, 0, 0], [8, 699, 0, 0]])
    }

    @Test("decimation keeps the n-th, 2n-th, … event of each pixel")
    func decimation() throws {
        // Pixel (0,0): events 0, 2, 3, 5 → keeps its 2nd and 4th (indices 2, 5); pixel (1,0): 1, 4 → keeps 4.
        let events = chunk([(1, 0, 0, 1), (2, 1, 0, 1), (3, 0, 0, 0), (4, 0, 0, 1), (5, 1, 0, 0), (6, 0, 0, 1)])
        #expect(try run(Decimation(n: 2), events, sensor: SensorSize(width: 2, height: 1)).0
            == [[3, 0, 0, 0], [5, 1, 0, 0], [6, 0, 0, 1]])
        #expect(try run(Decimation(n: 1), events, sensor: SensorSize(width: 2, height: 1)).0 == rows(events))
    }
}
