/// Sorting of packed event keys (`t << 13 | y << 7 | x << 1 | p`). Both the emulator's and the noise
/// process's keys arrive almost in order (only events within one simulation step, or noise events in the
/// same µs, can be out of order), so insertion sort plus one merge is linear in practice, and far faster
/// than the generic `sort()` in debug builds. Equal keys are equal events, so the result is exactly the
/// sorted multiset whatever the algorithm.
enum EventKeys {
    static func sortedMerge(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var a = a, b = b
        a.withUnsafeMutableBufferPointer { insertionSort($0) }
        b.withUnsafeMutableBufferPointer { insertionSort($0) }
        let total = a.count + b.count
        return [UInt64](unsafeUninitializedCapacity: total) { out, initialized in
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    var i = 0, j = 0, k = 0
                    while k < total {
                        if j == pb.count || (i < pa.count && pa[i] <= pb[j]) {
                            out[k] = pa[i]
                            i &+= 1
                        } else {
                            out[k] = pb[j]
                            j &+= 1
                        }
                        k &+= 1
                    }
                }
            }
            initialized = total
        }
    }

    static func insertionSort(_ keys: UnsafeMutableBufferPointer<UInt64>) {
        var i = 1
        while i < keys.count {
            let key = keys[i]
            var j = i
            while j > 0 && keys[j - 1] > key {
                keys[j] = keys[j - 1]
                j &-= 1
            }
            keys[j] = key
            i &+= 1
        }
    }
}
