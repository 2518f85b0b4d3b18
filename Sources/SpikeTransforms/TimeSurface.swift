import Foundation
import SpikeEvents

/// Global time surfaces (Lagorce et al. 2016, over the whole sensor; tonic 1.7 `ToTimesurface`): float32
/// `[T, P, H, W]`. Windows of `dt` µs start at the first event time t0; there are `T = max(1, ⌊(t1 − t0)/dt⌋)`
/// of them (tonic's slicing without the incomplete last window). Surface k is read at `T_k = t0 + (k + 1)·dt`
/// from the latest time `m` each (p, y, x) fired before `T_k` (events of earlier windows included):
/// `exp(−(T_k − m)/tau)`, or 0 for a cell that has not fired. Events from `t0 + T·dt` on are ignored.
/// Needs time-ordered events on the sensor (checked in the same pass that scatters them: the transform is bound
/// by memory traffic); computed in float64, stored as float32. O(1) per event plus O(P·H·W) per window,
/// without an `exp` per cell: each cell's e^(−age/tau) comes from two small tables (`DecayTable`).
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
        // Sorted input spans t[0] … t[n − 1]; the one pass below checks that it is sorted and on the sensor. Before
        // it, only what cannot be computed is refused — and unsorted or off-sensor input is named first.
        let t0 = events.t.first ?? 0
        let (span, overflow) = (events.t.last ?? 0).subtractingReportingOverflow(t0)
        let windows = overflow ? Int.max : max(1, Int(span / dt))
        let shape = FrameShape(timeSteps: windows, channels: sensor.polarities, height: sensor.height,
                               width: sensor.width)
        let volume = shape.frameElementCount
        do { try checkSize(shape) } catch {
            _ = try validateEvents(events, sensor: sensor, transform: Self.name, sorted: true)
            throw error
        }
        // Latest time per cell (`never` for a cell that has not fired). One more cell than the sensor has: an
        // index past the sensor lands there, so the scatter needs no branch.
        let never = Int64.min
        var latest = [Int64](repeating: never, count: volume + 1)
        let decay = DecayTable(tau: tau)
        var check = OrderAndRangeCheck(sensor: sensor)
        let surfaces = [Float](unsafeUninitializedCapacity: shape.elementCount) { out, initialized in
            latest.withUnsafeMutableBufferPointer { latest in
                events.withColumns { e in
                    decay.withLookup { decayOf in
                        var i = 0
                        for k in 0..<windows {
                            let end = t0 + Int64(k + 1) * dt
                            // This window's events end where t reaches `end` (binary search: the scatter loop
                            // then has no time compare in it).
                            var stop = e.count
                            var low = i
                            while low < stop {
                                let mid = low + (stop - low) / 2
                                if e.t[mid] < end { low = mid + 1 } else { stop = mid }
                            }
                            check.scatter(e, i..<stop, into: latest.baseAddress!, cells: volume)
                            i = stop
                            let surface = out.baseAddress! + k * volume
                            for cell in 0..<volume {
                                let m = latest[cell]
                                surface[cell] = Float(decayOf(m == never ? UInt64.max : UInt64(bitPattern: end &- m)))
                            }
                        }
                        // Events after the last window: checked, their times dropped into one scratch cell.
                        var scratch = never
                        check.scatter(e, i..<e.count, into: &scratch, cells: 0)
                    }
                }
            }
            initialized = shape.elementCount
        }
        if !check.passed { _ = try validateEvents(events, sensor: sensor, transform: Self.name, sorted: true) }
        return FrameTensor(shape: shape, storage: .float32(surfaces))
    }
}

/// Checks, while scattering event times into cells, what `validateEvents(sorted: true)` checks in passes of its
/// own: every event on the sensor, times ascending. Each block of events is read from memory once: branch-free
/// maxima and an OR of the steps `t[j] − t[j − 1]` (negative when one descends; SSE2 has no 64-bit compare, but
/// it subtracts and ORs) vectorise, then the scatter reads the block again from L1. A cell index past the sensor
/// is clamped to the extra cell at `cells`. A failed check is confirmed by `validateEvents` after the pass: a step
/// that overflows Int64 (a jump of more than 2^63 µs) looks like a descent without being one.
private struct OrderAndRangeCheck {
    private let width: Int, plane: Int, polarities: Int, height: Int
    private var maxX: UInt16 = 0, maxY: UInt16 = 0, maxP: UInt8 = 0
    /// OR of every step; its sign bit is set when some step was negative.
    private var steps: Int64 = 0
    private var previous: Int64?

    init(sensor: SensorSize) {
        width = sensor.width
        height = sensor.height
        plane = sensor.pixelCount
        polarities = sensor.polarities
    }

    var passed: Bool {
        steps >= 0 && Int(maxX) < width && Int(maxY) < height && Int(maxP) < polarities
    }

    /// `latest[cell of event j] = t[j]` for `j` in `range`, checking each event.
    @inline(__always)
    mutating func scatter(_ e: EventColumns, _ range: Range<Int>, into latest: UnsafeMutablePointer<Int64>, cells: Int) {
        guard !range.isEmpty else { return }
        var maxX = maxX, maxY = maxY, maxP = maxP
        var steps = steps | (e.t[range.lowerBound] &- (previous ?? e.t[range.lowerBound]))
        let width = width, plane = plane
        var lo = range.lowerBound
        while lo < range.upperBound {
            let hi = min(lo + 2048, range.upperBound)
            for j in lo..<hi {
                maxX = max(maxX, e.x[j])
                maxY = max(maxY, e.y[j])
                maxP = max(maxP, e.p[j])
            }
            for j in lo &+ 1..<hi { steps |= e.t[j] &- e.t[j &- 1] }
            if lo > range.lowerBound { steps |= e.t[lo] &- e.t[lo &- 1] }
            for j in lo..<hi {
                latest[min(Int(e.p[j]) &* plane &+ Int(e.y[j]) &* width &+ Int(e.x[j]), cells)] = e.t[j]
            }
            lo = hi
        }
        (self.maxX, self.maxY, self.maxP, self.steps) = (maxX, maxY, maxP, steps)
        previous = e.t[range.upperBound &- 1]
    }
}

/// e^(−a/tau) for ages a ≥ 1 µs (as float32 will hold it) from two small tables, e^(−a/tau) =
/// e^(−2^s·⌊a/2^s⌋/tau) · e^(−(a mod 2^s)/tau), within an ulp of float64. Ages from `limit` = ⌈152·ln 2·tau⌉
/// on give e^(−a/tau) ≤ 2^−152, which float32 rounds to 0, so they are clamped to `limit` and the tables hold
/// about √limit entries each (tau 10 ms: 1 030 + 1 024). For tau above ~40 s (tables past 2^16 entries)
/// `exp` is called instead.
private struct DecayTable {
    private let coarse: [Double]
    private let fine: [Double]
    private let shift: UInt64
    private let limit: UInt64
    private let tau: Double

    init(tau: Double) {
        self.tau = tau
        let bound = (152 * log(2.0) * tau).rounded(.up)
        let limit: UInt64 = bound < 0x1p62 ? UInt64(bound) : 1 << 62
        let shift = max(4, Int((log2(Double(limit)) / 2).rounded(.up)))
        let tabulated = shift <= 16
        fine = tabulated ? (0..<1 << shift).map { exp(-Double($0) / tau) } : []
        coarse = tabulated ? (0...Int(limit >> shift)).map { exp(-Double($0 << shift) / tau) } : []
        self.limit = limit
        self.shift = UInt64(shift)
    }

    /// Runs `body` with the function from an age to its decay.
    @inline(__always)
    func withLookup<R>(_ body: ((UInt64) -> Double) -> R) -> R {
        let tau = tau, limit = limit, shift = shift
        guard !coarse.isEmpty else { return body { age in exp(-Double(min(age, limit)) / tau) } }
        let mask: UInt64 = (1 << shift) - 1
        return coarse.withUnsafeBufferPointer { coarse in
            fine.withUnsafeBufferPointer { fine in
                let c = coarse.baseAddress!, f = fine.baseAddress!
                return body { age in
                    let a = min(age, limit)
                    return c[Int(a &>> shift)] * f[Int(a & mask)]
                }
            }
        }
    }
}
