import SpikeEvents

/// Parameters of the DVS emulator. Defaults are calibrated so samples resemble the real N-MNIST files in
/// `../shared/samples/nmnist` (2 700–5 500 events, ~50 % ON, ~90 single-event noise pixels per recording).
public struct DVSParameters: Sendable, Hashable, Codable {
    /// Mean and standard deviation of the per-pixel contrast threshold on log intensity.
    public var thresholdMean: Double = 0.2
    public var thresholdSD: Double = 0.03
    /// Offset added to the [0, 1] image intensity before the log (the LCD's black level plus dark current):
    /// it bounds the log contrast of an edge and so the events per edge crossing.
    public var logEpsilon: Double = 0.17
    /// A pixel stays silent for this long after each event, in µs.
    public var refractoryMicros: Double = 500
    /// Background-activity noise rate per pixel, in Hz (Poisson, random polarity).
    public var noiseRateHz: Double = 0.3
    /// Simulation step in µs. Event times are interpolated within a step, so 1 ms steps give within 0.3 % of
    /// the events of 200 µs steps (measured) at a fifth of the cost.
    public var stepMicros: Double = 1000

    public init() {}
}

/// Turns a moving intensity image into DVS events. Each pixel keeps a log-intensity reference; when
/// log(I + ε) moves past it by the pixel's threshold C, the pixel emits an ON/OFF event at the interpolated
/// crossing time (no earlier than its refractory period allows) and the reference moves by C.
struct DVSEmulator: Sendable {
    let sensor: SensorSize
    let parameters: DVSParameters
    private let logTable: LogIntensityTable
    /// Zero margin around the field in the canvas, at least the largest shift plus one for bilinear taps.
    private static let margin = 4

    init(sensor: SensorSize = .nmnist, parameters: DVSParameters) {
        precondition(sensor.width < 64 && sensor.height < 64, "event keys pack x and y into 6 bits each")
        self.sensor = sensor
        self.parameters = parameters
        logTable = LogIntensityTable(epsilon: parameters.logEpsilon)
    }

    /// Events of `image` (`imageSize`² intensities, row-major) with its top-left pixel at (`originX`,
    /// `originY`) of the field, moved along `path`; sorted by time, then y, x, polarity.
    func events(image: [Float], imageSize: Int, originX: Int, originY: Int, path: SaccadePath,
                rng: inout SeededRandom) -> EventChunk {
        let (w, h, m) = (sensor.width, sensor.height, Self.margin)
        let cw = w + 2 * m
        var canvas = [Float](repeating: 0, count: cw * (h + 2 * m))
        for row in 0..<imageSize {
            for col in 0..<imageSize {
                let cx = originX + col + m, cy = originY + row + m
                if cx >= 0, cx < cw, cy >= 0, cy < h + 2 * m {
                    canvas[cy * cw + cx] = image[row * imageSize + col]
                }
            }
        }
        var signal: [UInt64] = []
        signal.reserveCapacity(8192)
        canvas.withUnsafeBufferPointer { c in
            simulate(canvas: c, canvasWidth: cw, path: path, rng: &rng, keys: &signal)
        }
        var noise: [UInt64] = []
        addNoise(length: path.length, rng: &rng, keys: &noise)
        let keys = EventKeys.sortedMerge(signal, noise)
        return keys.withUnsafeBufferPointer { sorted in
            EventChunk(unsafeUninitializedCapacity: sorted.count) { out in
                var i = 0
                while i < sorted.count {
                    let key = sorted[i]
                    out.t[i] = Int64(key >> 13)
                    out.y[i] = UInt16((key >> 7) & 63)
                    out.x[i] = UInt16((key >> 1) & 63)
                    out.p[i] = UInt8(key & 1)
                    i &+= 1
                }
                return sorted.count
            }
        }
    }

    /// Time first, then y, x, p: integer order is a total, scheduling-independent event order.
    private static func key(t: Double, x: Int, y: Int, p: UInt64) -> UInt64 {
        UInt64(t.rounded(.down)) << 13 | UInt64(y) << 7 | UInt64(x) << 1 | p
    }

    private func simulate(canvas: UnsafeBufferPointer<Float>, canvasWidth cw: Int, path: SaccadePath,
                          rng: inout SeededRandom, keys: inout [UInt64]) {
        let (w, h, m) = (sensor.width, sensor.height, Self.margin)
        // Only pixels whose 2×2 bilinear taps can touch a non-zero image value along the path can change.
        let e = SaccadePath.extent
        let lowX = Int((Double(m) - e.maxX).rounded(.down)), highX = Int((Double(m) - e.minX).rounded(.down)) + 1
        let lowY = Int((Double(m) - e.maxY).rounded(.down)), highY = Int((Double(m) - e.minY).rounded(.down)) + 1
        var active: [Int] = []
        for y in 0..<h {
            for x in 0..<w {
                var reached = false
                for cy in (y + lowY)...(y + highY) where !reached {
                    for cx in (x + lowX)...(x + highX) where canvas[cy * cw + cx] > 0 { reached = true }
                }
                if reached { active.append(y * w + x) }
            }
        }
        let n = active.count
        guard n > 0 else { return }
        let state = PixelState(count: n)
        defer { state.deallocate() }
        for i in 0..<n { state.tap[i] = active[i] / w * cw + active[i] % w }
        logTable.levels(canvas, cw, Sampler(offset: path.offset(at: 0), margin: m, canvasWidth: cw), state.tap, n,
                        into: state.previous)
        for i in 0..<n {
            let c = Float(max(0.05, rng.normal(mean: parameters.thresholdMean, sd: parameters.thresholdSD)))
            state.threshold[i] = c
            // An arbitrary reset state: the reference sits anywhere within half a threshold of the level.
            state.reference[i] = state.previous[i] + c * Float(rng.uniform(-0.5, 0.5))
            state.lastEvent[i] = -.infinity
        }
        let step = parameters.stepMicros
        let steps = max(1, Int((path.length / step).rounded(.up)))
        // Plain while loops over raw buffers: this loop dominates, and must stay fast in debug builds too.
        var k = 1
        while k <= steps {
            let tPrev = Double(k - 1) * step
            let tNow = k == steps ? path.length : Double(k) * step
            logTable.levels(canvas, cw, Sampler(offset: path.offset(at: tNow), margin: m, canvasWidth: cw),
                            state.tap, n, into: state.current)
            var i = 0
            while i < n {
                let level = state.current[i], c = state.threshold[i], ref = state.reference[i]
                if level - ref >= c || ref - level >= c {
                    emit(pixel: i, level: level, state: state, from: tPrev, to: tNow, pixelIndex: active[i], keys: &keys)
                }
                state.previous[i] = level
                i &+= 1
            }
            k &+= 1
        }
    }

    /// Emits the threshold crossings of one pixel between `from` and `to` µs, where its level went from
    /// `previous` to `level`: timestamps are interpolated linearly and delayed by the refractory period.
    private func emit(pixel i: Int, level: Float, state: PixelState, from tPrev: Double, to tNow: Double,
                      pixelIndex: Int, keys: inout [UInt64]) {
        let c = state.threshold[i], before = state.previous[i], change = level - before
        var ref = state.reference[i]
        var last = state.lastEvent[i]
        while true {
            let on = level - ref >= c
            if !on && ref - level < c { break }
            let target = on ? ref + c : ref - c
            let fraction = change != 0 ? Double(min(1, max(0, (target - before) / change))) : 1
            let t = max(tPrev + fraction * (tNow - tPrev), last + parameters.refractoryMicros)
            if t > tNow { break }  // still refractory: the crossing fires in a later step
            keys.append(Self.key(t: t, x: pixelIndex % sensor.width, y: pixelIndex / sensor.width, p: on ? 1 : 0))
            ref = target
            last = t
        }
        state.reference[i] = ref
        state.lastEvent[i] = last
    }

    /// Background activity: a Poisson process over the whole array, random pixel and polarity.
    private func addNoise(length: Double, rng: inout SeededRandom, keys: inout [UInt64]) {
        let rate = parameters.noiseRateHz * Double(sensor.pixelCount) / 1e6  // events per µs
        guard rate > 0 else { return }
        var t = rng.exponential(mean: 1 / rate)
        while t < length {
            let pixel = rng.index(sensor.pixelCount)
            keys.append(Self.key(t: t, x: pixel % sensor.width, y: pixel / sensor.width, p: UInt64(rng.index(2))))
            t += rng.exponential(mean: 1 / rate)
        }
    }
}

/// Per-pixel emulator state in raw buffers (the hot loop's only memory traffic).
private struct PixelState {
    /// Canvas index of the pixel's top-left tap before the per-step shift.
    let tap: UnsafeMutablePointer<Int>
    let threshold: UnsafeMutablePointer<Float>
    let reference: UnsafeMutablePointer<Float>
    /// Log intensity at the previous and the current simulation step.
    let previous: UnsafeMutablePointer<Float>
    let current: UnsafeMutablePointer<Float>
    let lastEvent: UnsafeMutablePointer<Double>

    init(count: Int) {
        tap = .allocate(capacity: count)
        threshold = .allocate(capacity: count)
        reference = .allocate(capacity: count)
        previous = .allocate(capacity: count)
        current = .allocate(capacity: count)
        lastEvent = .allocate(capacity: count)
    }

    func deallocate() {
        tap.deallocate()
        threshold.deallocate()
        reference.deallocate()
        previous.deallocate()
        current.deallocate()
        lastEvent.deallocate()
    }
}

/// Bilinear sampling of the canvas shifted by one offset: the weights are the same for every pixel, so they
/// are computed once per time step.
private struct Sampler {
    let base: Int
    let w00: Float, w01: Float, w10: Float, w11: Float

    init(offset: (x: Double, y: Double), margin: Int, canvasWidth: Int) {
        // Field pixel X sees canvas position X + margin − dx = X + baseX + fx.
        let sx = Double(margin) - offset.x, sy = Double(margin) - offset.y
        let bx = sx.rounded(.down), by = sy.rounded(.down)
        let fx = Float(sx - bx), fy = Float(sy - by)
        base = Int(by) * canvasWidth + Int(bx)
        w00 = (1 - fx) * (1 - fy)
        w01 = fx * (1 - fy)
        w10 = (1 - fx) * fy
        w11 = fx * fy
    }
}

/// log(v + ε) for v in [0, 1] by linear interpolation in a 1 024-interval table built with the deterministic log
/// (one spare entry so v = 1 needs no special case). Immutable after `init`, hence shareable across tasks.
private final class LogIntensityTable: @unchecked Sendable {
    private let values: UnsafeMutablePointer<Float>
    private static let size = 1024

    init(epsilon: Double) {
        values = .allocate(capacity: Self.size + 2)
        for i in 0...Self.size + 1 {
            values[i] = Float(DeterministicMath.log(Double(i) / Double(Self.size) + epsilon))
        }
    }

    deinit { values.deallocate() }

    /// Writes log(I + ε) of `n` pixels into `out`, I bilinearly sampled from the shifted canvas at each
    /// pixel's tap. One call per time step keeps the per-pixel work free of calls, even in debug builds.
    func levels(_ canvas: UnsafeBufferPointer<Float>, _ cw: Int, _ sampler: Sampler, _ taps: UnsafeMutablePointer<Int>,
                _ n: Int, into out: UnsafeMutablePointer<Float>) {
        let cv = canvas.baseAddress! + sampler.base, table = values, scale = Float(Self.size)
        let (w00, w01, w10, w11) = (sampler.w00, sampler.w01, sampler.w10, sampler.w11)
        var i = 0
        while i < n {
            let p = cv + taps[i]
            var position = (w00 * p[0] + w01 * p[1] + w10 * p[cw] + w11 * p[cw &+ 1]) * scale
            if position > scale { position = scale }  // rounding can push a full-white pixel past 1
            let j = Int(position)
            out[i] = table[j] + (position - Float(j)) * (table[j &+ 1] - table[j])
            i &+= 1
        }
    }
}
