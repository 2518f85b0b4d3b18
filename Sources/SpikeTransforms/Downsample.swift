import SpikeEvents

/// Scales pixel coordinates and/or timestamps; never drops events.
/// - `spatialFactor f`: `x' = ⌊x·f⌋`, `y' = ⌊y·f⌋` (tonic multiplies in float64 and truncates, as here); the
///   sensor becomes `(⌊(W − 1)·f⌋ + 1) × (⌊(H − 1)·f⌋ + 1)` (tonic leaves the sensor size to the user).
/// - `targetSize [w, h]`: `x' = ⌊x·w / W⌋` in exact integer arithmetic (tonic computes the float factor w / W
///   first, which can land one pixel lower at exact multiples); the sensor becomes w × h.
/// - `timeFactor c`: `t' = trunc(t·c)` in float64, as tonic's `time_skew` with offset 0.
/// Give `spatialFactor` or `targetSize`, not both. 1-D audio events keep y = 0 and height 1.
public struct Downsample: DeterministicTransform {
    public static let name = "downsample"
    public static let help = "downsample:spatialFactor=F | targetSize=W,H [,timeFactor=C] — scale x, y (floor) "
        + "and/or t (truncate); the sensor shrinks to match"

    public var spatialFactor: Double?
    public var targetSize: PixelSize?
    public var timeFactor: Double?

    public init(spatialFactor: Double? = nil, targetSize: PixelSize? = nil, timeFactor: Double? = nil) {
        self.spatialFactor = spatialFactor
        self.targetSize = targetSize
        self.timeFactor = timeFactor
    }

    public func validate() throws(TransformError) {
        if spatialFactor != nil, targetSize != nil {
            throw invalid("targetSize", "give spatialFactor or targetSize, not both")
        }
        if let f = spatialFactor, !(f > 0 && f.isFinite) { throw invalid("spatialFactor", "must be > 0, got \(f)") }
        if let s = targetSize, s.width < 1 || s.height < 1 { throw invalid("targetSize", "must be at least 1×1") }
        if let c = timeFactor, !(c > 0 && c.isFinite) { throw invalid("timeFactor", "must be > 0, got \(c)") }
    }

    public func apply(_ events: consuming EventChunk, sensor: SensorSize) throws(TransformError) -> (EventChunk, SensorSize) {
        try validate()
        var out = consume events
        var size = sensor
        if let f = spatialFactor {
            size.width = Int(Double(sensor.width - 1) * f) + 1
            size.height = Int(Double(sensor.height - 1) * f) + 1
            try checkFits(size)
            try remap(&out, sensor: sensor, x: { UInt16(Double($0) * f) }, y: { UInt16(Double($0) * f) })
        } else if let target = targetSize {
            let (w, h, sw, sh) = (target.width, target.height, sensor.width, sensor.height)
            size.width = target.width
            size.height = target.height
            try checkFits(size)
            try remap(&out, sensor: sensor, x: { UInt16(truncatingIfNeeded: $0 * w / sw) },
                      y: { UInt16(truncatingIfNeeded: $0 * h / sh) })
        } else {
            _ = try coordinateBounds(out, sensor: sensor, transform: Self.name)
        }
        if let c = timeFactor { try TimeSkew.skew(&out.t, coefficient: c, offset: 0, transform: Self.name) }
        return (out, size)
    }

    private func checkFits(_ size: SensorSize) throws(TransformError) {
        guard size.width <= Int(UInt16.max) + 1, size.height <= Int(UInt16.max) + 1 else {
            throw invalid("spatialFactor", "the sensor would grow to \(size), past 16-bit coordinates")
        }
    }

    /// Replaces every x by `x(x)` and y by `y(y)` through tables built once (one load per event instead of a
    /// float multiply and conversion), checking that the events lie on `sensor` block by block as it goes: a
    /// block's maxima are taken while it comes into L1, then it is remapped from there, so each column is read
    /// from memory once. An event off the sensor is reported as it was (its block is not remapped yet).
    private func remap(_ events: inout EventChunk, sensor: SensorSize, x: (Int) -> UInt16,
                       y: (Int) -> UInt16) throws(TransformError) {
        let tables = ((0..<sensor.width).map(x), (0..<sensor.height).map(y))
        let (width, height) = (sensor.width, sensor.height)
        var offSensor: Int?
        tables.0.withUnsafeBufferPointer { tx in
            tables.1.withUnsafeBufferPointer { ty in
                events.x.withUnsafeMutableBufferPointer { xs in
                    events.y.withUnsafeMutableBufferPointer { ys in
                        var lo = 0
                        while lo < xs.count {
                            let hi = min(lo + 4096, xs.count)
                            var maxX: UInt16 = 0, maxY: UInt16 = 0
                            for i in lo..<hi {
                                maxX = max(maxX, xs[i])
                                maxY = max(maxY, ys[i])
                            }
                            if Int(maxX) >= width || Int(maxY) >= height {
                                offSensor = (lo..<hi).first { Int(xs[$0]) >= width || Int(ys[$0]) >= height }
                                return
                            }
                            for i in lo..<hi {
                                xs[i] = tx[Int(xs[i])]
                                ys[i] = ty[Int(ys[i])]
                            }
                            lo = hi
                        }
                    }
                }
            }
        }
        if let index = offSensor {
            throw .eventOutOfRange(transform: Self.name, index: index, event: events[index], sensor: sensor)
        }
    }
}
