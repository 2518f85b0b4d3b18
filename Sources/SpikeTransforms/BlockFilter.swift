import SpikeEvents

/// Filtering in blocks of 64 events: a predicate sets one bit per kept event of a block (SIMD where it can),
/// then the block is compacted by its mask. A block with every bit clear costs nothing more; runs of blocks
/// with every bit set are left in place (or moved with one `memmove` per column once something before them
/// was dropped); a mixed block copies its kept events by walking the set bits. Cheap predicates that keep or drop runs of
/// events (crops, time windows, boxes, pixel masks) then cost a few instructions per event.
extension EventChunk {
    @inline(__always)
    consuming func filtered(byBlockMask mask: (EventSink, _ start: Int, _ count: Int) -> UInt64) -> EventChunk {
        compacted { e, count in
            var n = 0
            var start = 0
            // Consecutive full blocks are moved as one run (one memmove per column), once a mixed block or
            // the end comes.
            var run = 0
            while start < count {
                let length = Swift.min(64, count &- start)
                let all: UInt64 = length == 64 ? ~0 : (1 &<< UInt64(length)) &- 1
                var bits = mask(e, start, length) & all  // a negated mask sets bits past the end
                if bits == all {
                    run &+= length
                } else {
                    if run > 0, n != start &- run { e.moveBlock(from: start &- run, count: run, to: n) }
                    n &+= run
                    run = 0
                    while bits != 0 {
                        e.move(start &+ bits.trailingZeroBitCount, to: n)
                        n &+= 1
                        bits &= bits &- 1
                    }
                }
                start &+= length
            }
            if run > 0, n != start &- run { e.moveBlock(from: start &- run, count: run, to: n) }
            return n &+ run
        }
    }
}

extension EventSink {
    /// Moves events `start ..< start + count` to `n ..< n + count` (`n < start`; the ranges may overlap).
    @inline(__always)
    func moveBlock(from start: Int, count: Int, to n: Int) {
        UnsafeMutableRawPointer(t + n).copyMemory(from: t + start, byteCount: count &* 8)
        UnsafeMutableRawPointer(x + n).copyMemory(from: x + start, byteCount: count &* 2)
        UnsafeMutableRawPointer(y + n).copyMemory(from: y + start, byteCount: count &* 2)
        UnsafeMutableRawPointer(p + n).copyMemory(from: p + start, byteCount: count)
    }
}

/// Block masks for common predicates: SIMD over a full block of 64, scalar for the last, shorter one.
enum BlockMask {
    /// Bit k set when `scalar(start + k)` holds, for `k < count`.
    @inline(__always)
    static func scalar(_ start: Int, _ count: Int, _ keep: (Int) -> Bool) -> UInt64 {
        var bits: UInt64 = 0
        for k in 0..<count { bits |= (keep(start &+ k) ? 1 : 0) &<< UInt64(k) }
        return bits
    }

    /// Bit k set when `lo ≤ v[start + k] ≤ hi` (as unsigned: `v − lo ≤ hi − lo`), or when it is outside
    /// with `inside: false`.
    @inline(__always)
    static func timeRange(_ v: UnsafeMutablePointer<Int64>, _ start: Int, _ count: Int, lo: Int64, hi: Int64,
                          inside: Bool) -> UInt64 {
        let span = UInt64(bitPattern: hi &- lo)
        let flip: UInt64 = inside ? 0 : ~0
        guard count == 64 else {
            return flip ^ scalar(start, count) { UInt64(bitPattern: v[$0] &- lo) <= span }
        }
        let weights = SIMD8<UInt64>(1, 2, 4, 8, 16, 32, 64, 128)
        let (l, s) = (SIMD8<UInt64>(repeating: UInt64(bitPattern: lo)), SIMD8<UInt64>(repeating: span))
        let raw = UnsafeRawPointer(v + start)
        var bits: UInt64 = 0
        for g in 0..<8 {
            let lanes = raw.loadUnaligned(fromByteOffset: g &* 64, as: SIMD8<UInt64>.self)
            let m = (lanes &- l) .<= s
            bits |= SIMD8<UInt64>(repeating: 0).replacing(with: weights, where: m).wrappedSum() &<< UInt64(g &* 8)
        }
        return flip ^ bits
    }

    /// Bit k set when `(x, y)` of event `start + k` lies in the box `x0 ≤ x < x0 + w`, `y0 ≤ y < y0 + h`, or
    /// outside it with `inside: false`. Needs `x0 + w ≤ 65535` and `y0 + h ≤ 65535` (16-bit lanes).
    @inline(__always)
    static func box(_ e: EventSink, _ start: Int, _ count: Int, x0: UInt16, y0: UInt16, w: UInt16, h: UInt16,
                    inside: Bool) -> UInt64 {
        let flip: UInt64 = inside ? 0 : ~0
        guard count == 64 else {
            return flip ^ scalar(start, count) { e.x[$0] &- x0 < w && e.y[$0] &- y0 < h }
        }
        let weights = SIMD16<UInt16>(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768)
        let (vx0, vy0) = (SIMD16<UInt16>(repeating: x0), SIMD16<UInt16>(repeating: y0))
        let (vw, vh) = (SIMD16<UInt16>(repeating: w), SIMD16<UInt16>(repeating: h))
        let (rx, ry) = (UnsafeRawPointer(e.x + start), UnsafeRawPointer(e.y + start))
        var bits: UInt64 = 0
        for g in 0..<4 {
            let xs = rx.loadUnaligned(fromByteOffset: g &* 32, as: SIMD16<UInt16>.self)
            let ys = ry.loadUnaligned(fromByteOffset: g &* 32, as: SIMD16<UInt16>.self)
            let m = ((xs &- vx0) .< vw) .& ((ys &- vy0) .< vh)
            let word = SIMD16<UInt16>(repeating: 0).replacing(with: weights, where: m).wrappedSum()
            bits |= UInt64(word) &<< UInt64(g &* 16)
        }
        return flip ^ bits
    }
}

extension EventChunk {
    /// The events inside the box `x0 ≤ x < x0 + w`, `y0 ≤ y < y0 + h` (`x0, y0 ≥ 0`), or those outside it
    /// with `inside: false`, in order, compacted in place.
    consuming func filtered(box x0: Int, _ y0: Int, _ w: Int, _ h: Int, inside: Bool) -> EventChunk {
        if x0 + w <= Int(UInt16.max), y0 + h <= Int(UInt16.max) {
            let (bx, by, bw, bh) = (UInt16(x0), UInt16(y0), UInt16(w), UInt16(h))
            return (consume self).filtered(byBlockMask: { e, start, count in
                BlockMask.box(e, start, count, x0: bx, y0: by, w: bw, h: bh, inside: inside)
            })
        }
        // Boxes reaching past 16-bit coordinates (a huge padded centre crop): the same test in 64 bits.
        let (ux, uy, uw, uh) = (UInt(x0), UInt(y0), UInt(w), UInt(h))
        return (consume self).filtered(byBlockMask: { e, start, count in
            BlockMask.scalar(start, count) { i in (UInt(e.x[i]) &- ux < uw && UInt(e.y[i]) &- uy < uh) == inside }
        })
    }

    /// The events with `lo ≤ t ≤ hi`, or those outside with `inside: false`, in order, compacted in place.
    consuming func filtered(times lo: Int64, _ hi: Int64, inside: Bool) -> EventChunk {
        (consume self).filtered(byBlockMask: { e, start, count in
            BlockMask.timeRange(e.t, start, count, lo: lo, hi: hi, inside: inside)
        })
    }

    /// The smallest and largest time, in one pass; `nil` when empty.
    var timeExtent: (min: Int64, max: Int64)? { t.withUnsafeBufferPointer { SpikeTransforms.timeExtent(of: $0) } }
}

/// The smallest and largest value, in one pass with four independent minima and maxima (no dependency chain
/// from one element to the next); `nil` when empty.
func timeExtent(of t: UnsafeBufferPointer<Int64>) -> (min: Int64, max: Int64)? {
    guard let first = t.first else { return nil }
    var lo = SIMD4<Int64>(repeating: first), hi = lo
    let whole = t.count & ~3
    var i = 0
    while i < whole {
        let v = SIMD4(t[i], t[i &+ 1], t[i &+ 2], t[i &+ 3])
        lo = pointwiseMin(lo, v)
        hi = pointwiseMax(hi, v)
        i &+= 4
    }
    var (a, b) = (lo.min(), hi.max())
    while i < t.count {
        a = min(a, t[i])
        b = max(b, t[i])
        i &+= 1
    }
    return (a, b)
}
