/// Streaming summary of an event stream — the fields of the golden decodings (count, ranges, per-polarity
/// counts, sums, first and last events) — accumulated chunk by chunk in constant memory.
public struct EventStatistics: Sendable, Equatable {
    public private(set) var count = 0
    public private(set) var tMin = Int64.max, tMax = Int64.min
    public private(set) var xMin = UInt16.max, xMax = UInt16.min
    public private(set) var yMin = UInt16.max, yMax = UInt16.min
    /// Events per polarity value (index = p; values above 1 are counted in the last slot).
    public private(set) var polarityCounts: [Int] = [0, 0]
    public private(set) var sumX: Int64 = 0, sumY: Int64 = 0
    /// Sum of timestamps; 128-bit because long recordings overflow 64 bits (see MANIFEST.md).
    public private(set) var sumT: Int128 = 0
    public private(set) var nonDecreasing = true
    public private(set) var first: [Event] = []
    /// The last `keep` events, oldest first.
    public var last: [Event] { ring.count < keep ? ring : Array(ring[ringStart...] + ring[..<ringStart]) }

    private let keep: Int
    private var ring: [Event] = []
    private var ringStart = 0
    private var previousT = Int64.min

    public init(keep: Int = 5) { self.keep = keep }

    public mutating func add(_ chunk: EventChunk) {
        for i in 0..<chunk.count {
            let (t, x, y, p) = (chunk.t[i], chunk.x[i], chunk.y[i], chunk.p[i])
            tMin = min(tMin, t); tMax = max(tMax, t)
            xMin = min(xMin, x); xMax = max(xMax, x)
            yMin = min(yMin, y); yMax = max(yMax, y)
            polarityCounts[min(Int(p), 1)] += 1
            sumX += Int64(x); sumY += Int64(y); sumT += Int128(t)
            if t < previousT { nonDecreasing = false }
            previousT = t
            let event = Event(t: t, x: x, y: y, p: p)
            if first.count < keep { first.append(event) }
            if ring.count < keep { ring.append(event) } else { ring[ringStart] = event; ringStart = (ringStart + 1) % keep }
        }
        count += chunk.count
    }

    /// `Σ (t − t_min)`, the golden field that fits 64 bits even for long recordings.
    public var sumTMinusTMin: Int128 { count == 0 ? 0 : sumT - Int128(count) * Int128(tMin) }
}
