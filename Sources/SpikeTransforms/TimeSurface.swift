import Foundation
import SpikeEvents

/// Global time surfaces (Lagorce et al. 2016, over the whole sensor; tonic 1.7 `ToTimesurface`): float32
/// `[T, P, H, W]`. Windows of `dt` µs start at the first event time t0; there are `T = max(1, ⌊(t1 − t0)/dt⌋)`
/// of them (tonic's slicing without the incomplete last window). Surface k is read at `T_k = t0 + (k + 1)·dt`
/// from the latest time `m` each (p, y, x) fired before `T_k` (events of earlier windows included):
/// `exp(−(T_k − m)/tau)`, or 0 for a cell that has not fired. Events from `t0 + T·dt` on are ignored.
/// Needs time-ordered events; computed in float64, stored as float32. O(1) per event plus O(P·H·W) per window.
public struct TimeSurface: EventRepresentation {
    public static let name = "timeSurface"
    public static let help = "timeSurface:dt=µs,tau=µs — float32 [T, P, H, W], exp(−age/tau) of each cell's "
        + "latest event, read every dt µs"

    public var dt: Int64
    public var tau: Double

    public init(dt: Int64, tau: Double) {
        self.dt = dt
        self.tau = tau
    }

    public func frames(_ events: EventChunk, sensor: SensorSize) throws(TransformError) -> FrameTensor {
        guard dt >= 1 else {
            throw .invalidParameter(transform: Self.name, parameter: "dt", reason: "must be at least 1 µs, got \(dt)")
        }
        guard tau > 0, tau.isFinite else {
            throw .invalidParameter(transform: Self.name, parameter: "tau", reason: "must be > 0 µs, got \(tau)")
        }
        let scan = try validateEvents(events, sensor: sensor, transform: Self.name, sorted: true)
        let windows = max(1, Int((scan.maxTime - scan.minTime) / dt))
        let shape = FrameShape(timeSteps: windows, channels: sensor.polarities, height: sensor.height,
                               width: sensor.width)
        let volume = shape.frameElementCount
        try checkSize(shape)
        // Latest time per cell; `never` marks a cell that has not fired. Values are computed in float64 and
        // rounded once to float32, as before; an age past 105·tau rounds to 0 (e^−105 is below half the
        // smallest float32 subnormal), which the zeroed surface already holds, so its exp is skipped.
        let never = Int64.min
        var latest = [Int64](repeating: never, count: volume)
        let plane = sensor.pixelCount, width = sensor.width, tau = self.tau
        let surfaces = [Float](unsafeUninitializedCapacity: shape.elementCount) { out, initialized in
            out.initialize(repeating: 0)
            initialized = shape.elementCount
            latest.withUnsafeMutableBufferPointer { latest in
                events.withColumns { e in
                    var i = 0
                    for k in 0..<windows {
                        let end = scan.minTime + Int64(k + 1) * dt
                        while i < e.count, e.t[i] < end {
                            latest[Int(e.p[i]) &* plane &+ Int(e.y[i]) &* width &+ Int(e.x[i])] = e.t[i]
                            i += 1
                        }
                        let horizon = Double(end) - 105 * tau
                        let surface = out.baseAddress! + k * volume
                        for cell in 0..<volume {
                            let m = latest[cell]
                            if m != never, Double(m) > horizon { surface[cell] = Float(exp(-Double(end - m) / tau)) }
                        }
                    }
                }
            }
        }
        return FrameTensor(shape: shape, storage: .float32(surfaces))
    }
}
