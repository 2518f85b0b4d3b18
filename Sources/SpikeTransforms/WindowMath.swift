/// Exact integer helpers for window boundaries: no floating point, no overflow for any Int64 inputs.
enum WindowMath {
    /// `min(⌈(a·b + c) / d⌉, limit)` for `a, b, c ≥ 0`, `d > 0`, with a 128-bit intermediate.
    static func ceilMulDiv(_ a: Int64, _ b: Int64, plus c: Int64, over d: Int64, limit: Int64) -> Int64 {
        precondition(a >= 0 && b >= 0 && c >= 0 && d > 0)
        var (hi, lo) = UInt64(a).multipliedFullWidth(by: UInt64(b))
        for addend in [UInt64(c), UInt64(d) - 1] {
            let (sum, carry) = lo.addingReportingOverflow(addend)
            lo = sum
            hi &+= carry ? 1 : 0
        }
        guard hi < UInt64(d) else { return limit }  // the quotient needs more than 64 bits
        let q = UInt64(d).dividingFullWidth((hi, lo)).quotient
        return q >= UInt64(limit) ? limit : Int64(q)
    }

    /// `⌈a / b⌉` for `a ≥ 0`, `b > 0`.
    static func ceilDiv(_ a: Int64, _ b: Int64) -> Int64 { a / b + (a % b == 0 ? 0 : 1) }

    /// The smallest integer `m ≥ f·n`, exact for the real product of the `Double` `f ∈ [0, 1)` and `n`
    /// (while `n < 2^53`): the rounded product only seeds the answer, fused multiply-adds decide it.
    static func ceilProduct(_ f: Double, _ n: Int64) -> Int64 {
        let x = Double(n)
        var m = Int64((f * x).rounded(.up))
        // (−m) + f·x with one rounding has the sign of the exact f·x − m.
        while m > 0, (-Double(m - 1)).addingProduct(f, x) <= 0 { m -= 1 }
        while (-Double(m)).addingProduct(f, x) > 0 { m += 1 }
        return m
    }
}
