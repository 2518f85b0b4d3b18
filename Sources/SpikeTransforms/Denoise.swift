import SpikeEvents

/// Background-activity filter: an event survives only if one of its 4 neighbours (left, right, up, down — not
/// the pixel itself, not the diagonals: tonic 1.7's rule, despite "8-neighbourhood" in some descriptions) fired
/// less than `filterTime` µs before it, i.e. `t − t_neighbour < filterTime`. Every event, kept or not, updates
/// its pixel's time. Polarity is ignored. One pass, O(1) per event, one padded last-time map per call.
///
/// `compat: .tonic` (default) is tonic 1.7 `Denoise` bit for bit, including its start-up rule: every pixel
/// counts as having fired at t = 0, so an event earlier than `filterTime` survives whenever it has a neighbour
/// on the grid, and the grid is the events' bounding box from (0, 0) (tonic sizes its map by the largest x
/// and y seen, not by the sensor). `compat: .native` differs on purpose: pixels that never fired do not count,
/// so the first `filterTime` µs are filtered like the rest and the result does not depend on the time origin.
public struct Denoise: DeterministicTransform {
    public static let name = "denoise"
    public static let help = "denoise:filterTime=µs[,compat=tonic|native] — keep an event only if a 4-neighbour "
        + "pixel fired within filterTime µs before it (background-activity filter)"
    public static let accepts: Set<EventKind> = [.camera]

    public var filterTime: Int64
    public var compat: FrameBinning.Compat

    public init(filterTime: Int64, compat: FrameBinning.Compat = .tonic) {
        self.filterTime = filterTime
        self.compat = compat
    }

    /// Omitted parameters take their defaults (specs and config files may leave them out).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(filterTime: try c.decode(Int64.self, forKey: .filterTime),
                  compat: try c.decodeIfPresent(FrameBinning.Compat.self, forKey: .compat) ?? .tonic)
    }

    public func validate() throws(TransformError) {
        guard filterTime > 0 else { throw invalid("filterTime", "must be at least 1 µs, got \(filterTime)") }
    }

    public func apply(_ events: consuming EventChunk, sensor: SensorSize) throws(TransformError) -> (EventChunk, SensorSize) {
        try validate()
        try checkKind(sensor)
        let bounds = try coordinateBounds(events, sensor: sensor, transform: Self.name)
        guard !events.isEmpty else { return (events, sensor) }
        let (width, height) = compat == .tonic ? (bounds.maxX + 1, bounds.maxY + 1) : (sensor.width, sensor.height)
        // The map holds "last time + filterTime" per pixel on a grid with a one-pixel border that never fired,
        // so the neighbour test needs no bounds checks. `never + filterTime` cannot overflow.
        let never = Int64.min / 2
        let stride = width + 2
        let m = UnsafeMutablePointer<Int64>.allocate(capacity: stride * (height + 2))
        defer { m.deallocate() }
        m.initialize(repeating: never, count: stride * (height + 2))
        if compat == .tonic {
            for row in 1...height { (m + row * stride + 1).update(repeating: filterTime, count: width) }
        }
        let filterTime = self.filterTime
        let out = (consume events).compacted { e, count in
            let (m, stride, filterTime) = (m, stride, filterTime)
            var n = 0
            for i in 0..<count {
                let t = e.t[i], x = e.x[i], y = e.y[i]
                let cell = (Int(y) &+ 1) &* stride &+ Int(x) &+ 1
                m[cell] = t &+ filterTime
                // Non-short-circuit: four loads and compares, no branches.
                let fresh = (m[cell &- 1] > t ? 1 : 0) | (m[cell &+ 1] > t ? 1 : 0)
                    | (m[cell &- stride] > t ? 1 : 0) | (m[cell &+ stride] > t ? 1 : 0)
                e.t[n] = t
                e.x[n] = x
                e.y[n] = y
                e.p[n] = e.p[i]
                n &+= fresh
            }
            return n
        }
        return (out, sensor)
    }
}
