/// Stable sort of timestamps returning the permutation, for `sortedByTime`: an LSD radix sort of
/// `(t − min) << 32 | index` (11-bit digits of the time part, as many passes as the span needs), O(n) per pass.
/// Spans of 2^32 µs (71 minutes) or more fall back to a comparison sort of the indices. Dense streams (a span of at
/// most 4 µs per event, e.g. a jittered recording) take one counting pass keyed by the time itself instead: its
/// scatter is nearly sequential on nearly sorted input, where the radix passes scatter at random.
enum TimeRadixSort {
    static let digitBits = 11
    static let buckets = 1 << digitBits

    /// Indices of `t` in ascending `t − from` (every value in `0 ... span`), ties in index order.
    static func order(_ t: [Int64], from: Int64, span: UInt64) -> [UInt32] {
        precondition(t.count <= Int(UInt32.max), "sortedByTime sorts at most 2^32 − 1 events")
        guard span < 1 << 32 else {
            return t.indices.sorted { t[$0] < t[$1] || (t[$0] == t[$1] && $0 < $1) }.map { UInt32($0) }
        }
        let n = t.count
        if span < UInt64(max(4 * n, buckets)) { return countingOrder(t, from: from, span: Int(span)) }
        var packed = [UInt64](unsafeUninitializedCapacity: n) { b, c in
            t.withUnsafeBufferPointer { t in
                for i in 0..<n { b[i] = UInt64(bitPattern: t[i] &- from) &<< 32 | UInt64(i) }
            }
            c = n
        }
        var scratch = [UInt64](unsafeUninitializedCapacity: n) { _, c in c = n }
        var counts = [Int](repeating: 0, count: buckets)
        let passes = max(1, (64 - span.leadingZeroBitCount + digitBits - 1) / digitBits)
        for pass in 0..<passes {
            let shift = UInt64(32 + pass * digitBits), mask = UInt64(buckets - 1)
            packed.withUnsafeBufferPointer { source in
                scratch.withUnsafeMutableBufferPointer { target in
                    counts.withUnsafeMutableBufferPointer { c in
                        c.update(repeating: 0)
                        for v in source { c[Int((v &>> shift) & mask)] &+= 1 }
                        var sum = 0
                        for b in 0..<buckets { (c[b], sum) = (sum, sum &+ c[b]) }
                        for v in source {
                            let digit = Int((v &>> shift) & mask)
                            target[c[digit]] = v
                            c[digit] &+= 1
                        }
                    }
                }
            }
            swap(&packed, &scratch)
        }
        return packed.map { UInt32(truncatingIfNeeded: $0) }
    }

    /// Counting sort keyed by `t − from` (one counter per µs of the span): stable, two passes over `t`.
    static func countingOrder(_ t: [Int64], from: Int64, span: Int) -> [UInt32] {
        var start = [UInt32](repeating: 0, count: span + 2)
        return t.withUnsafeBufferPointer { t in
            start.withUnsafeMutableBufferPointer { start in
                for v in t { start[Int(v &- from) &+ 1] &+= 1 }
                for key in 1..<start.count { start[key] &+= start[key - 1] }
                return [UInt32](unsafeUninitializedCapacity: t.count) { order, c in
                    for (i, v) in t.enumerated() {
                        let key = Int(v &- from)
                        order[Int(start[key])] = UInt32(truncatingIfNeeded: i)
                        start[key] &+= 1
                    }
                    c = t.count
                }
            }
        }
    }
}
