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
}
