import Foundation
import SpikeEvents
import SpikeTransforms
import Testing

@Suite("Transform representations (voxel grid, time surface)")
struct TransformRepresentationTests {
    @Test("voxel grid splits signed polarity bilinearly in time")
    func voxelGrid() throws {
        // 2×1 sensor, bins 2, t0 = 0, t1 = 10, τ = 2t/10: e0 τ 0 → +1 into bin 0 at x0;
        // e1 (t 2, x1, ON) τ 0.4 → 0.6 into bin 0, 0.4 into bin 1 at x1; e2 (t 5, x1, OFF) τ 1 → −1 into bin 1;
        // e3 (t 10, x0, ON) τ 2 → bin 2 does not exist: nothing.
        let events = chunk([(0, 0, 0, 1), (2, 1, 0, 1), (5, 1, 0, 0), (10, 0, 0, 1)])
        let grid = try VoxelGrid(bins: 2).frames(events, sensor: SensorSize(width: 2, height: 1))
        #expect(grid.shape == FrameShape(timeSteps: 2, channels: 1, height: 1, width: 2))
        #expect(grid.storage == .float32([1, 0.6, 0, Float(0.4 - 1.0)]))
        // One shared time: everything into bin 0.
        let same = try VoxelGrid(bins: 3).frames(chunk([(4, 0, 0, 1), (4, 0, 0, 0), (4, 1, 0, 1)]),
                                                 sensor: SensorSize(width: 2, height: 1))
        #expect(same.storage == .float32([0, 1, 0, 0, 0, 0]))
        #expect(throws: TransformError.unsorted(transform: "voxelGrid", index: 1)) {
            try VoxelGrid(bins: 2).frames(chunk([(4, 0, 0, 1), (3, 0, 0, 0)]), sensor: SensorSize(width: 2, height: 1))
        }
    }

    @Test("time surface: exp(−age/tau) of each cell's latest event, read at window ends")
    func timeSurface() throws {
        // 2×1×2, dt 10, tau 10, t0 0, t1 27 → 2 windows read at 10 and 20; the event at 27 is past them.
        // At 10: (p1, x0) fired at 0 → e^−1; (p0, x1) at 4 → e^−0.6. At 20: (p0, x1) at 15 → e^−0.5; (p1, x0) e^−2.
        let events = chunk([(0, 0, 0, 1), (4, 1, 0, 0), (15, 1, 0, 0), (27, 0, 0, 1)])
        let s = try TimeSurface(dt: 10, tau: 10).frames(events, sensor: SensorSize(width: 2, height: 1))
        #expect(s.shape == FrameShape(timeSteps: 2, channels: 2, height: 1, width: 2))
        #expect(s.storage == .float32([0, Float(exp(-0.6)), Float(exp(-1.0)), 0,
                                       0, Float(exp(-0.5)), Float(exp(-2.0)), 0]))
    }

    /// Each surface from its definition: for every cell, the latest event before the window's end, in float64
    /// with one `exp` per cell.
    static func directTimeSurface(_ events: EventChunk, sensor: SensorSize, dt: Int64, tau: Double) -> [Float] {
        let t0 = events.t[0], windows = max(1, Int((events.t.last! - t0) / dt))
        let volume = sensor.polarities * sensor.pixelCount
        var out = [Float](repeating: 0, count: windows * volume)
        var latest = [Int64?](repeating: nil, count: volume)
        var next = 0
        for k in 0..<windows {
            let end = t0 + Int64(k + 1) * dt
            while next < events.count, events.t[next] < end {
                let e = events[next]
                latest[Int(e.p) * sensor.pixelCount + Int(e.y) * sensor.width + Int(e.x)] = e.t
                next += 1
            }
            for cell in 0..<volume {
                if let m = latest[cell] { out[k * volume + cell] = Float(exp(-Double(end - m) / tau)) }
            }
        }
        return out
    }

    @Test("time surface equals its definition on random events: decays, float32 underflow, tau past the tables",
          arguments: [(37, 23.0), (400, 2.5), (50, 1e9)] as [(Int64, Double)])
    func timeSurfaceMatchesDefinition(dt: Int64, tau: Double) throws {
        let sensor = SensorSize(width: 5, height: 4)
        var random = TransformRandom(seed: UInt64(dt))
        var t: Int64 = 1_000
        let events = chunk((0..<3_000).map { _ in
            t += Int64(random.below(UInt64(dt / 10 + 2)))  // each of the 40 cells fires every ~2·dt on average
            return (t, UInt16(random.below(5)), UInt16(random.below(4)), UInt8(random.below(2)))
        })
        let surface = try TimeSurface(dt: dt, tau: tau).frames(events, sensor: sensor)
        guard case .float32(let values) = surface.storage else { Issue.record("not float32"); return }
        let expected = Self.directTimeSurface(events, sensor: sensor, dt: dt, tau: tau)
        #expect(surface.shape.timeSteps == expected.count / 40 && values.count == expected.count)
        // Two table entries multiplied: within an ulp of float64, so equal in float32 but for a rare rounding.
        let off = zip(values, expected).filter { $0 != $1 && $0 != $1.nextUp && $0 != $1.nextDown }
        #expect(off.isEmpty, "\(off.count) values differ by more than one float32 ulp, e.g. \(off.prefix(3))")
        #expect(zip(values, expected).filter { $0 != $1 }.count <= values.count / 1000)
        if tau < 10 {  // ages past ⌈152·ln 2·tau⌉ and cells deep in float32's subnormals are both present
            #expect(values.contains(0) && values.contains { $0 > 0 && $0 < Float.leastNormalMagnitude })
        }
    }

    @Test("time surface refuses unsorted or off-sensor events, also after its last window, naming the event")
    func timeSurfaceRefusesBadEvents() throws {
        let sensor = SensorSize(width: 2, height: 1)
        let surface = TimeSurface(dt: 10, tau: 5)
        #expect(throws: TransformError.unsorted(transform: "timeSurface", index: 3)) {
            try surface.frames(chunk([(0, 0, 0, 0), (4, 1, 0, 0), (15, 1, 0, 1), (14, 0, 0, 0), (30, 0, 0, 0)]), sensor: sensor)
        }
        // t 27 lies past the two windows (ends 10, 20): not used, still checked.
        let tail = chunk([(0, 0, 0, 0), (15, 1, 0, 1), (27, 2, 0, 0)])
        #expect(throws: TransformError.eventOutOfRange(transform: "timeSurface", index: 2, event: tail[2], sensor: sensor)) {
            try surface.frames(tail, sensor: sensor)
        }
        // The first and last times alone would ask for 10^14 windows; the descent is what is wrong.
        #expect(throws: TransformError.unsorted(transform: "timeSurface", index: 2)) {
            try surface.frames(chunk([(0, 0, 0, 0), (1_000_000_000_000_000, 1, 0, 0), (5, 0, 0, 0),
                                      (1_000_000_000_000_000, 1, 0, 0)]), sensor: sensor)
        }
        // A sorted stream whose first-to-last step overflows Int64 is too large, not unsorted.
        do {
            _ = try surface.frames(chunk([(Int64.min + 1, 0, 0, 0), (Int64.max, 1, 0, 0)]), sensor: sensor)
            Issue.record("a span past Int64 was accepted")
        } catch .invalidParameter(let transform, let parameter, _) {
            #expect(transform == "timeSurface" && parameter == "shape")
        }
    }
}
