import SpikeEvents

/// Read-only pointers to the four columns of a chunk, for the transforms' hot loops.
struct EventColumns {
    let t: UnsafePointer<Int64>
    let x: UnsafePointer<UInt16>
    let y: UnsafePointer<UInt16>
    let p: UnsafePointer<UInt8>
    let count: Int
}

/// Writable pointers to the four columns of a chunk being built or compacted.
struct EventSink {
    let t: UnsafeMutablePointer<Int64>
    let x: UnsafeMutablePointer<UInt16>
    let y: UnsafeMutablePointer<UInt16>
    let p: UnsafeMutablePointer<UInt8>

    init(t: UnsafeMutablePointer<Int64>, x: UnsafeMutablePointer<UInt16>, y: UnsafeMutablePointer<UInt16>,
         p: UnsafeMutablePointer<UInt8>) {
        self.t = t
        self.x = x
        self.y = y
        self.p = p
    }

    init(_ columns: EventColumnPointers) { self.init(t: columns.t, x: columns.x, y: columns.y, p: columns.p) }

    /// Writes input event `i` unchanged at output position `n`.
    @inline(__always)
    func put(_ n: Int, _ input: EventColumns, _ i: Int) {
        t[n] = input.t[i]
        x[n] = input.x[i]
        y[n] = input.y[i]
        p[n] = input.p[i]
    }

    /// Moves event `i` of these columns to position `n ≤ i` (in-place compaction).
    @inline(__always)
    func move(_ i: Int, to n: Int) {
        t[n] = t[i]
        x[n] = x[i]
        y[n] = y[i]
        p[n] = p[i]
    }
}

extension EventChunk {
    /// Calls `body` with read pointers to the columns (dangling but never read when the chunk is empty).
    @inline(__always)
    func withColumns<R>(_ body: (EventColumns) -> R) -> R {
        t.withUnsafeBufferPointer { t in
            x.withUnsafeBufferPointer { x in
                y.withUnsafeBufferPointer { y in
                    p.withUnsafeBufferPointer { p in
                        guard let tb = t.baseAddress, let xb = x.baseAddress, let yb = y.baseAddress,
                              let pb = p.baseAddress else {
                            return body(EventColumns(t: UnsafePointer(bitPattern: 8)!, x: UnsafePointer(bitPattern: 8)!,
                                                     y: UnsafePointer(bitPattern: 8)!, p: UnsafePointer(bitPattern: 8)!,
                                                     count: 0))
                        }
                        return body(EventColumns(t: tb, x: xb, y: yb, p: pb, count: t.count))
                    }
                }
            }
        }
    }

    /// A new chunk of at most `capacity` events: `body` reads this chunk and writes `0 ..< n`, returning `n`.
    /// One allocation per column; none per event.
    @inline(__always)
    func rebuilt(capacity: Int, _ body: (EventColumns, EventSink) -> Int) -> EventChunk {
        withColumns { input in EventChunk(unsafeUninitializedCapacity: capacity) { body(input, EventSink($0)) } }
    }

    /// Rewrites the chunk in place (no allocation when it is uniquely referenced, e.g. a consumed argument):
    /// `body` gets the columns and the event count, reads event `i` and writes output `n ≤ i` through the same
    /// pointers, and returns the output count. Reads of event `i` must happen before writing position `n`.
    /// Kernels copy what they capture into locals first: captured values live in memory the column stores
    /// could alias, and would be reloaded on every event.
    @inline(__always)
    consuming func compacted(_ body: (EventSink, Int) -> Int) -> EventChunk {
        let total = count
        guard total > 0 else { return self }
        let n = t.withUnsafeMutableBufferPointer { t in
            x.withUnsafeMutableBufferPointer { x in
                y.withUnsafeMutableBufferPointer { y in
                    p.withUnsafeMutableBufferPointer { p in
                        body(EventSink(t: t.baseAddress!, x: x.baseAddress!, y: y.baseAddress!, p: p.baseAddress!), total)
                    }
                }
            }
        }
        if n < total {
            t.removeLast(total - n)
            x.removeLast(total - n)
            y.removeLast(total - n)
            p.removeLast(total - n)
        }
        return self
    }

    /// The events for which `keep(e, i)` is true, in order, compacted in place. Branch-free: every event is
    /// written, the cursor moves only for kept ones. `keep` must not capture mutable state (see `compacted`).
    @inline(__always)
    consuming func filtered(_ keep: (EventSink, Int) -> Bool) -> EventChunk {
        compacted { e, count in
            var n = 0
            for i in 0..<count {
                let k = keep(e, i)
                e.move(i, to: n)
                n &+= k ? 1 : 0
            }
            return n
        }
    }
}

/// Checks that every event fits `sensor` (and, with `sorted`, that times never decrease) for transform `name`.
/// Returns the scan (time extent) for callers that need it.
@discardableResult
func validateEvents(_ events: EventChunk, sensor: SensorSize, transform name: String, checkPolarity: Bool = true,
                    sorted: Bool = false) throws(TransformError) -> EventScan {
    let scan: EventScan
    do { scan = try EventScan(events, sensor: sensor, checkPolarity: checkPolarity) } catch {
        if case .eventOutOfRange(let index, let event, let sensor) = error {
            throw .eventOutOfRange(transform: name, index: index, event: event, sensor: sensor)
        }
        throw .invalidParameter(transform: name, parameter: "sensor", reason: error.description)
    }
    if sorted, let index = scan.firstUnsorted { throw .unsorted(transform: name, index: index) }
    return scan
}

/// The largest x and y, after checking that every event lies on the sensor's columns and rows (polarity is not
/// checked). Cheaper than `validateEvents`: two vectorised passes, for transforms that index per-pixel maps.
func coordinateBounds(_ events: EventChunk, sensor: SensorSize,
                      transform name: String) throws(TransformError) -> (maxX: Int, maxY: Int) {
    func maximum(_ column: [UInt16]) -> Int {
        column.withUnsafeBufferPointer { b in
            var m: UInt16 = 0
            for v in b { m = max(m, v) }
            return Int(m)
        }
    }
    let bounds = (maxX: maximum(events.x), maxY: maximum(events.y))
    if bounds.maxX >= sensor.width || bounds.maxY >= sensor.height {
        let bad = events.x.indices.first { Int(events.x[$0]) >= sensor.width || Int(events.y[$0]) >= sensor.height }!
        throw .eventOutOfRange(transform: name, index: bad, event: events[bad], sensor: sensor)
    }
    return bounds
}

/// `Int64(v.rounded())` (half away from zero) for |v| < 2^63, without a libm call or a branch: baseline
/// x86-64 has no rounding instruction, so `rounded()` calls `round` (13 % of `spatialJitter`). Adding the
/// largest double below ½ with v's sign, then truncating, is exact for every double (½ itself would carry
/// 0.49999999999999994 up to 1).
@inline(__always)
func roundedToInt64(_ v: Double) -> Int64 {
    Int64(v + Double(signOf: v, magnitudeOf: 0.5.nextDown))
}
