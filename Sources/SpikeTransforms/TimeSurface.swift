import Foundation
import SpikeEvents

/// Global time surfaces (Lagorce et al. 2016, over the whole sensor; tonic 1.7 `ToTimesurface`): float32
/// `[T, P, H, W]`. Windows of `dt` µs start at the first event time t0; there are `T = max(1, ⌊(t1 − t0)/dt⌋)`
/// of them (tonic's slicing without the incomplete last window). Surface k is read at `T_k = t0 + (k + 1)·dt`
/// from the latest time `m` each (p, y, x) fired before `T_k` (events of earlier windows included):
/// `exp(−(T_k − m)/tau)`, or 0 for a cell that has not fired. Events from `t0 + T·dt` on are ignored.
/// Needs time-ordered events; computed in float64, stored as float32. O(1) per event plus O(P·H·W) per window,
/// without an `exp` per cell: a cell that fired in window k is read from a table of e^(−a/tau) for its age
/// a ≤ dt, and an older one decays by e^(−dt/tau) per window (a float64 recurrence: a few ulp of float64 per
/// window, far below float32's resolution).
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
        // Latest time per cell (`never` for a cell that has not fired) and its value at the current window's end.
        let never = Int64.min
        var latest = [Int64](repeating: never, count: volume)
        var value = [Double](repeating: 0, count: volume)
        let decay = DecayTable(dt: dt, tau: tau)
        let plane = sensor.pixelCount, width = sensor.width
        let surfaces = [Float](unsafeUninitializedCapacity: shape.elementCount) { out, initialized in
            latest.withUnsafeMutableBufferPointer { latest in
                value.withUnsafeMutableBufferPointer { value in
                    events.withColumns { e in
                        var i = 0
                        for k in 0..<windows {
                            let start = scan.minTime + Int64(k) * dt, end = start + dt
                            // This window's events end where t reaches `end` (binary search: the scatter loop
                            // below then has no time compare in it).
                            var stop = e.count
                            var low = i
                            while low < stop {
                                let mid = low + (stop - low) / 2
                                if e.t[mid] < end { low = mid + 1 } else { stop = mid }
                            }
                            for j in i..<stop {
                                latest[Int(e.p[j]) &* plane &+ Int(e.y[j]) &* width &+ Int(e.x[j])] = e.t[j]
                            }
                            i = stop
                            let surface = out.baseAddress! + k * volume
                            for cell in 0..<volume {
                                let m = latest[cell]
                                let v = m >= start ? decay.of(age: end - m) : decay.step(value[cell])
                                value[cell] = v
                                surface[cell] = Float(v)
                            }
                        }
                    }
                }
            }
            initialized = shape.elementCount
        }
        return FrameTensor(shape: shape, storage: .float32(surfaces))
    }
}

/// e^(−a/tau) for ages a in 1 … dt µs: tabulated when dt ≤ 2^16 (one `exp` per entry, once), else computed.
private struct DecayTable {
    let table: [Double]
    let tau: Double
    /// e^(−dt/tau), the decay over one window.
    let window: Double

    init(dt: Int64, tau: Double) {
        self.tau = tau
        window = exp(-Double(dt) / tau)
        table = dt <= 1 << 16 ? (0...Int(dt)).map { exp(-Double($0) / tau) } : []
    }

    @inline(__always)
    func of(age: Int64) -> Double { age < table.count ? table[Int(age)] : exp(-Double(age) / tau) }

    /// One window later. Values below 2^−160 (float32 0) become 0, so the recurrence never reaches float64
    /// subnormals (slow on some CPUs).
    @inline(__always)
    func step(_ value: Double) -> Double {
        let next = value * window
        return next < 0x1p-160 ? 0 : next
    }
}
