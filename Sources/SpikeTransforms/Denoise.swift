import SpikeEvents

/// Background-activity filter: an event survives only if one of its 4 neighbours (left, right, up, down — not
/// the pixel itself, not the diagonals: tonic 1.7's rule, despite "8-neighbourhood" in some descriptions) fired
/// less than `filterTime` µs before it, i.e. `t − t_neighbour < filterTime`. Every event, kept or not, updates
/// its pixel's time. Polarity is ignored. One pass, O(1) per event, one padded last-time map per recording (the
/// `State`, so chunk by chunk equals all at once but for the start-up caveat of `makeState`).
///
/// `compat: .tonic` (default) is tonic 1.7 `Denoise` bit for bit, including its start-up rule: every pixel
/// counts as having fired at t = 0, so an event earlier than `filterTime` survives whenever it has a neighbour
/// on the grid, and the grid is the events' bounding box from (0, 0) (tonic sizes its map by the largest x
/// and y seen, not by the sensor). `compat: .native` differs on purpose: pixels that never fired do not count,
/// so the first `filterTime` µs are filtered like the rest and the result does not depend on the time origin.
public struct Denoise: StatefulTransform {
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
        // tonic's grid is the events' bounding box from (0, 0), not the sensor.
        var map = compat == .tonic ? LastTimes(width: bounds.maxX + 1, height: bounds.maxY + 1, startUp: filterTime)
            : makeState(sensor: sensor)
        return (filter(consume events, map: &map), sensor)
    }

    /// The sensor's last-time map. With `compat: .tonic` every pixel of the sensor counts as having fired at
    /// t = 0, where the whole-recording pass grants that only on its grid from (0, 0) to the largest x and y
    /// (not known in advance online). Every event has a neighbour on that grid unless it is 1×1, so the two
    /// agree but for a recording whose every event is at (0, 0): online keeps those of the first `filterTime`
    /// µs, which the whole pass drops. `compat: .native` always agrees.
    public func makeState(sensor: SensorSize) -> LastTimes {
        LastTimes(width: sensor.width, height: sensor.height, startUp: compat == .tonic ? filterTime : nil)
    }

    public func apply(_ events: consuming EventChunk, sensor: SensorSize,
                      state: inout LastTimes) throws(TransformError) -> (EventChunk, SensorSize) {
        try validate()
        try checkKind(sensor)
        _ = try coordinateBounds(events, sensor: sensor, transform: Self.name)
        try checkState(cells: state.values.count, expected: (sensor.width + 2) * (sensor.height + 2))
        return (filter(consume events, map: &state), sensor)
    }

    /// "Last time + filterTime" per pixel on a grid with a one-pixel border that never fires, so the neighbour
    /// test needs no bounds checks.
    public struct LastTimes: Sendable {
        fileprivate var values: [Int64]
        fileprivate let stride: Int
        /// `never + filterTime` cannot overflow.
        fileprivate static let never = Int64.min / 2

        /// `startUp`: the value of every on-grid pixel before the first event (tonic: `filterTime`, as if all
        /// fired at t = 0), or `nil` for pixels that never fired.
        fileprivate init(width: Int, height: Int, startUp: Int64?) {
            stride = width + 2
            values = [Int64](repeating: Self.never, count: stride * (height + 2))
            if let startUp {
                for row in 1...height { values.replaceSubrange(row * stride + 1..<row * stride + 1 + width,
                                                               with: repeatElement(startUp, count: width)) }
            }
        }
    }

    /// The events with a 4-neighbour fresh in `map`, updating it with every event.
    private func filter(_ events: consuming EventChunk, map: inout LastTimes) -> EventChunk {
        let filterTime = self.filterTime, stride = map.stride
        return (consume events).compacted { e, count in
            map.values.withUnsafeMutableBufferPointer { values in
                let (m, stride, filterTime) = (values.baseAddress!, stride, filterTime)
                var n = 0
                for i in 0..<count {
                    let t = e.t[i]
                    let cell = (Int(e.y[i]) &+ 1) &* stride &+ Int(e.x[i]) &+ 1
                    m[cell] = t &+ filterTime
                    // Non-short-circuit: four loads and compares, no branches.
                    let fresh = (m[cell &- 1] > t ? 1 : 0) | (m[cell &+ 1] > t ? 1 : 0)
                        | (m[cell &- stride] > t ? 1 : 0) | (m[cell &+ stride] > t ? 1 : 0)
                    e.move(i, to: n)
                    n &+= fresh
                }
                return n
            }
        }
    }
}
