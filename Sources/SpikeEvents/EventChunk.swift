/// A run of events in struct-of-arrays layout: timestamps in microseconds since the start of the recording,
/// column `x`, row `y` and polarity `p` (1 = ON, 0 = OFF). Events are in time order unless a producer says
/// otherwise. A value type: copies share storage until written.
public struct EventChunk: Sendable, Equatable {
    public var t: [Int64]
    public var x: [UInt16]
    public var y: [UInt16]
    public var p: [UInt8]

    public init() {
        t = []
        x = []
        y = []
        p = []
    }

    public init(capacity: Int) {
        self.init()
        reserveCapacity(capacity)
    }

    /// Builds a chunk from parallel arrays, which must have one length.
    public init(t: [Int64], x: [UInt16], y: [UInt16], p: [UInt8]) {
        precondition(t.count == x.count && t.count == y.count && t.count == p.count,
                     "EventChunk arrays must have equal lengths")
        self.t = t
        self.x = x
        self.y = y
        self.p = p
    }

    public var count: Int { t.count }
    public var isEmpty: Bool { t.isEmpty }

    public mutating func reserveCapacity(_ n: Int) {
        t.reserveCapacity(n)
        x.reserveCapacity(n)
        y.reserveCapacity(n)
        p.reserveCapacity(n)
    }

    public mutating func append(t: Int64, x: UInt16, y: UInt16, p: UInt8) {
        self.t.append(t)
        self.x.append(x)
        self.y.append(y)
        self.p.append(p)
    }

    public mutating func append(contentsOf other: EventChunk) {
        t.append(contentsOf: other.t)
        x.append(contentsOf: other.x)
        y.append(contentsOf: other.y)
        p.append(contentsOf: other.p)
    }

    public mutating func removeAll(keepingCapacity: Bool = true) {
        t.removeAll(keepingCapacity: keepingCapacity)
        x.removeAll(keepingCapacity: keepingCapacity)
        y.removeAll(keepingCapacity: keepingCapacity)
        p.removeAll(keepingCapacity: keepingCapacity)
    }

    /// The events with indices in `range`, as a new chunk.
    public func slice(_ range: Range<Int>) -> EventChunk {
        EventChunk(t: Array(t[range]), x: Array(x[range]), y: Array(y[range]), p: Array(p[range]))
    }

    /// The event at index `i` as a tuple, for tests and printing (not for hot loops).
    public subscript(i: Int) -> Event { Event(t: t[i], x: x[i], y: y[i], p: p[i]) }
}

/// One event, for APIs that hand out single events (printing, tests, stream messages).
public struct Event: Hashable, Sendable, CustomStringConvertible {
    public var t: Int64
    public var x: UInt16
    public var y: UInt16
    public var p: UInt8

    public init(t: Int64, x: UInt16, y: UInt16, p: UInt8) {
        self.t = t
        self.x = x
        self.y = y
        self.p = p
    }

    public var description: String { "(t: \(t), x: \(x), y: \(y), p: \(p))" }
}
