import SpikeEvents

/// Adds Gaussian noise of standard deviation `std` µs to every timestamp (tonic 1.7 `TimeJitter`).
/// Differences from tonic, on purpose: the shift is rounded to the nearest µs (tonic truncates, which pulls
/// every |shift| < 1 to 0 and biases the spread), and `sort` defaults to true because every later stage
/// expects time order (a stable counting or radix sort, O(n + span) or a few O(n) passes).
/// `clipNegative` drops events that land before t = 0.
public struct TimeJitter: RandomTransform {
    public static let name = "timeJitter"
    public static let help = "timeJitter:std=µs[,clipNegative=false,sort=true] — add N(0, std²) µs to every "
        + "timestamp (augmentation)"

    public var std: Double
    public var clipNegative: Bool
    public var sort: Bool

    public init(std: Double, clipNegative: Bool = false, sort: Bool = true) {
        self.std = std
        self.clipNegative = clipNegative
        self.sort = sort
    }

    /// Omitted parameters take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(std: try c.decode(Double.self, forKey: .std),
                  clipNegative: try c.decodeIfPresent(Bool.self, forKey: .clipNegative) ?? false,
                  sort: try c.decodeIfPresent(Bool.self, forKey: .sort) ?? true)
    }

    public func validate() throws(TransformError) {
        guard std >= 0, std < 0x1p40 else { throw invalid("std", "must be in [0, 2^40) µs, got \(std)") }
    }

    public func apply(_ events: consuming EventChunk, sensor: SensorSize,
                      random: inout TransformRandom) throws(TransformError) -> (EventChunk, SensorSize) {
        try validate()
        var out = consume events
        let std = self.std
        out.t.withUnsafeMutableBufferPointer { t in
            random.forEachNormalBlock(count: t.count) { start, z in
                for k in z.indices { t[start + k] &+= roundedToInt64(z[k] * std) }
            }
        }
        if clipNegative { out = out.filtered { e, i in e.t[i] >= 0 } }
        if sort { out = out.sortedByTime() }
        return (out, sensor)
    }
}

/// Adds a 2-D Gaussian shift with covariance `[[varX, sigmaXY], [sigmaXY, varY]]` to every event's (x, y)
/// (tonic 1.7 `SpatialJitter`). Differences from tonic, on purpose: shifted coordinates are rounded to the
/// nearest pixel (tonic truncates towards 0), and events that leave the sensor are dropped when
/// `clipOutliers`, else clamped to the edge (tonic keeps out-of-sensor or wrapped coordinates that crash
/// later stages). 2-D events only.
public struct SpatialJitter: RandomTransform {
    public static let name = "spatialJitter"
    public static let help = "spatialJitter:varX=1,varY=1[,sigmaXY=0,clipOutliers=false] — add a Gaussian (x, y) "
        + "shift; outliers dropped or clamped (augmentation)"
    public static let accepts: Set<EventKind> = [.camera]

    public var varX: Double
    public var varY: Double
    public var sigmaXY: Double
    public var clipOutliers: Bool

    public init(varX: Double = 1, varY: Double = 1, sigmaXY: Double = 0, clipOutliers: Bool = false) {
        self.varX = varX
        self.varY = varY
        self.sigmaXY = sigmaXY
        self.clipOutliers = clipOutliers
    }

    /// Omitted parameters take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(varX: try c.decodeIfPresent(Double.self, forKey: .varX) ?? 1,
                  varY: try c.decodeIfPresent(Double.self, forKey: .varY) ?? 1,
                  sigmaXY: try c.decodeIfPresent(Double.self, forKey: .sigmaXY) ?? 0,
                  clipOutliers: try c.decodeIfPresent(Bool.self, forKey: .clipOutliers) ?? false)
    }

    public func validate() throws(TransformError) {
        guard varX >= 0, varY >= 0, varX < 1e12, varY < 1e12, sigmaXY * sigmaXY <= varX * varY else {
            throw invalid("sigmaXY", "the covariance must be positive semi-definite (varX, varY ≥ 0, "
                          + "sigmaXY² ≤ varX·varY), got varX=\(varX) varY=\(varY) sigmaXY=\(sigmaXY)")
        }
    }

    public func apply(_ events: consuming EventChunk, sensor: SensorSize,
                      random: inout TransformRandom) throws(TransformError) -> (EventChunk, SensorSize) {
        try validate()
        try checkKind(sensor)
        _ = try coordinateBounds(events, sensor: sensor, transform: Self.name)
        // Cholesky factor of the covariance: (x, y) shift = (a·z1, b·z1 + c·z2).
        let a = varX.squareRoot()
        let b = a > 0 ? sigmaXY / a : 0
        let c = max(0, varY - b * b).squareRoot()
        let (w, h) = (Int64(sensor.width - 1), Int64(sensor.height - 1))
        let dropOutliers = clipOutliers ? 1 : 0
        var generator = random
        let out = events.compacted { e, count in
            var g = generator
            var n = 0
            // Two normals per event: z[2j] moves x, z[2j + 1] (with z[2j]) moves y.
            g.forEachNormalBlock(count: 2 * count) { start, z in
                // Column pointers and the write index in locals: stores through one column could alias the
                // captured ones, which would be reloaded for every event.
                let (tp, xp, yp, pp, zp) = (e.t, e.x, e.y, e.p, z.baseAddress!)
                var kept = n
                for j in 0..<z.count / 2 {
                    let i = start / 2 + j, (z1, z2) = (zp[2 * j], zp[2 * j + 1])
                    let x = roundedToInt64(Double(xp[i]) + a * z1), y = roundedToInt64(Double(yp[i]) + b * z1 + c * z2)
                    tp[kept] = tp[i]
                    pp[kept] = pp[i]
                    xp[kept] = UInt16(truncatingIfNeeded: min(max(x, 0), w))
                    yp[kept] = UInt16(truncatingIfNeeded: min(max(y, 0), h))
                    // One unsigned compare per axis tests both bounds; no branch (the outcome is data).
                    let outside = (UInt64(bitPattern: x) > UInt64(w) ? 1 : 0) | (UInt64(bitPattern: y) > UInt64(h) ? 1 : 0)
                    kept &+= 1 &- (outside & dropOutliers)
                }
                n = kept
            }
            generator = g
            return n
        }
        random = generator
        return (out, sensor)
    }
}

extension EventChunk {
    /// The events in time order; equal times keep their order (stable). Returns `self` when already ordered.
    /// `TimeRadixSort` is stable, so the result equals a stable comparison sort; O(n) per radix pass.
    func sortedByTime() -> EventChunk {
        guard zip(t, t.dropFirst()).contains(where: { $0 > $1 }), let (lo, hi) = timeExtent else { return self }
        let order = TimeRadixSort.order(t, from: lo, span: UInt64(bitPattern: hi &- lo))
        return order.withUnsafeBufferPointer { order in
            rebuilt(capacity: count) { e, out in
                // One column at a time: two streams per loop, which the prefetcher follows better than eight.
                func gather<T>(_ from: UnsafePointer<T>, _ to: UnsafeMutablePointer<T>) {
                    for (n, i) in order.enumerated() { to[n] = from[Int(i)] }
                }
                gather(e.t, out.t)
                gather(e.x, out.x)
                gather(e.y, out.y)
                gather(e.p, out.p)
                return count
            }
        }
    }
}
