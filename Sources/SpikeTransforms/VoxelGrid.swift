import SpikeEvents

/// The event volume of Zhu et al. 2019 (tonic 1.7 `ToVoxelGrid`): float32 `[bins, 1, H, W]`.
/// With `t0`/`t1` the first/last event times, each event's normalised time is `τ = bins·(t − t0)/(t1 − t0)`,
/// `k = ⌊τ⌋`, and its signed polarity `s` (+1 for p ≠ 0, −1 for p = 0) is split bilinearly in time:
/// `s·(1 − (τ − k))` into bin k and `s·(τ − k)` into bin k + 1, each only when that bin is `< bins` (so the
/// last event adds only to nothing at τ = bins — tonic's rule). Sums are in float64, then rounded to float32,
/// like tonic's float64 grid. Needs time-ordered events. Difference from tonic: when all events share one
/// time (t1 = t0, where tonic divides by zero and returns NaNs) every event adds `s` to bin 0.
public struct VoxelGrid: EventRepresentation {
    public static let name = "voxelGrid"
    public static let help = "voxelGrid:bins=B — float32 [B, 1, H, W], signed polarities split bilinearly in time"

    public var bins: Int

    public init(bins: Int) { self.bins = bins }

    public func frames(_ events: EventChunk, sensor: SensorSize) throws(TransformError) -> FrameTensor {
        guard bins >= 1 else {
            throw .invalidParameter(transform: Self.name, parameter: "bins", reason: "must be at least 1, got \(bins)")
        }
        let scan = try validateEvents(events, sensor: sensor, transform: Self.name, checkPolarity: false, sorted: true)
        let shape = FrameShape(timeSteps: bins, channels: 1, height: sensor.height, width: sensor.width)
        var grid = try accumulator(shape)
        let plane = sensor.pixelCount, width = sensor.width, bins = self.bins
        let t0 = scan.minTime, duration = Double(scan.maxTime - scan.minTime)
        grid.withUnsafeMutableBufferPointer { g in
            events.withColumns { e in
                for i in 0..<e.count {
                    let s: Double = e.p[i] == 0 ? -1 : 1
                    let cell = Int(e.y[i]) &* width &+ Int(e.x[i])
                    guard duration > 0 else {
                        g[cell] += s
                        continue
                    }
                    let tau = Double(bins) * Double(e.t[i] &- t0) / duration
                    let k = Int(tau), frac = tau - Double(k)
                    if k < bins { g[k &* plane &+ cell] += s * (1 - frac) }
                    if k &+ 1 < bins { g[(k &+ 1) &* plane &+ cell] += s * frac }
                }
            }
        }
        return FrameTensor(shape: shape, storage: .float32(grid.map { Float($0) }))
    }
}
