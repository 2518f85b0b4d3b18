import SpikeEvents

/// Drops every event of the pixels whose flag is set in `mask` (row-major, one flag per pixel), through a
/// per-pixel keep table (1 = keep): one load and shift per event sets its bit of the block mask.
func dropMaskedPixels(_ events: consuming EventChunk, mask: [Bool], width: Int) -> EventChunk {
    let table = UnsafeMutablePointer<UInt8>.allocate(capacity: mask.count)
    defer { table.deallocate() }
    for (cell, drop) in mask.enumerated() { table[cell] = drop ? 0 : 1 }
    return (consume events).filtered(byBlockMask: { e, start, count in
        let (table, width) = (table, width)
        var bits: UInt64 = 0
        for k in 0..<count {
            let i = start &+ k
            bits |= UInt64(table[Int(e.y[i]) &* width &+ Int(e.x[i])]) &<< UInt64(k)
        }
        return bits
    })
}

/// Drops every event at the listed pixels `[[x, y], …]` (tonic 1.7 `DropPixel` with coordinates). Pixels
/// outside the sensor are ignored. O(1) per event through a per-pixel mask.
public struct DropPixel: DeterministicTransform {
    public static let name = "dropPixel"
    public static let help = "dropPixel:pixels=X,Y,X,Y,… — drop every event at the listed pixels"

    /// Flat `x, y` pairs (a flat list keeps spec strings and JSON simple).
    public var pixels: [Int]

    public init(pixels: [(x: Int, y: Int)]) { self.pixels = pixels.flatMap { [$0.x, $0.y] } }

    public func validate() throws(TransformError) {
        guard pixels.count % 2 == 0, pixels.allSatisfy({ $0 >= 0 }) else {
            throw invalid("pixels", "needs pairs X,Y of non-negative coordinates, got \(pixels)")
        }
    }

    public func apply(_ events: consuming EventChunk, sensor: SensorSize) throws(TransformError) -> (EventChunk, SensorSize) {
        try validate()
        _ = try coordinateBounds(events, sensor: sensor, transform: Self.name)
        var mask = [Bool](repeating: false, count: sensor.pixelCount)
        for k in stride(from: 0, to: pixels.count, by: 2) where pixels[k] < sensor.width && pixels[k + 1] < sensor.height {
            mask[pixels[k + 1] * sensor.width + pixels[k]] = true
        }
        return (dropMaskedPixels(consume events, mask: mask, width: sensor.width), sensor)
    }
}

/// Drops hot pixels: every event of a pixel whose event count (both polarities) exceeds
/// `frequency · (t_last − t_first) · 1e-6`, i.e. that fired above `frequency` Hz on average over the sample
/// (tonic 1.7 `identify_hot_pixel` + `drop_pixel`; t_first/t_last are the first and last events in order).
/// Two passes, O(1) per event.
public struct HotPixels: DeterministicTransform {
    public static let name = "hotPixels"
    public static let help = "hotPixels:frequency=Hz — drop every event of pixels firing above Hz on average"

    public var frequency: Double

    public init(frequency: Double) { self.frequency = frequency }

    public func validate() throws(TransformError) {
        guard frequency >= 0, frequency.isFinite else { throw invalid("frequency", "must be ≥ 0 Hz, got \(frequency)") }
    }

    public func apply(_ events: consuming EventChunk, sensor: SensorSize) throws(TransformError) -> (EventChunk, SensorSize) {
        try validate()
        _ = try coordinateBounds(events, sensor: sensor, transform: Self.name)
        guard let first = events.t.first, let last = events.t.last else { return (events, sensor) }
        let limit = frequency * Double(last - first) * 1e-6
        var counts = [Int32](repeating: 0, count: sensor.pixelCount)
        let width = sensor.width
        counts.withUnsafeMutableBufferPointer { c in
            events.x.withUnsafeBufferPointer { x in
                events.y.withUnsafeBufferPointer { y in
                    for i in x.indices { c[Int(y[i]) &* width &+ Int(x[i])] &+= 1 }
                }
            }
        }
        return (dropMaskedPixels(consume events, mask: counts.map { Double($0) > limit }, width: width), sensor)
    }
}

/// Keeps every n-th event of each pixel: a per-pixel counter, the event that brings it to n is kept and resets
/// it (tonic 1.7 `Decimation`; polarity ignored). O(1) per event; the counters are the `State`.
public struct Decimation: StatefulTransform {
    public static let name = "decimation"
    public static let help = "decimation:n=N — keep every N-th event of each pixel"

    public var n: Int

    public init(n: Int) { self.n = n }

    public func validate() throws(TransformError) {
        guard n >= 1, n <= Int(Int32.max) else { throw invalid("n", "must be at least 1, got \(n)") }
    }

    public func apply(_ events: consuming EventChunk, sensor: SensorSize) throws(TransformError) -> (EventChunk, SensorSize) {
        var counts = makeState(sensor: sensor)
        return try apply(consume events, sensor: sensor, state: &counts)
    }

    /// Each pixel's events since its last kept one.
    public func makeState(sensor: SensorSize) -> [Int32] { [Int32](repeating: 0, count: sensor.pixelCount) }

    public func apply(_ events: consuming EventChunk, sensor: SensorSize,
                      state counts: inout [Int32]) throws(TransformError) -> (EventChunk, SensorSize) {
        try validate()
        _ = try coordinateBounds(events, sensor: sensor, transform: Self.name)
        try checkState(cells: counts.count, expected: sensor.pixelCount)
        let width = sensor.width, n = Int32(self.n)
        let out = (consume events).compacted { e, count in
            counts.withUnsafeMutableBufferPointer { c in
                var kept = 0
                for i in 0..<count {
                    let cell = Int(e.y[i]) &* width &+ Int(e.x[i])
                    let seen = c[cell] &+ 1
                    let keep = seen >= n
                    c[cell] = keep ? 0 : seen
                    e.move(i, to: kept)
                    kept &+= keep ? 1 : 0
                }
                return kept
            }
        }
        return (out, sensor)
    }
}
