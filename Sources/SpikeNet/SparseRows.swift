/// The non-zero entries of a `[rows, width]` matrix in compressed-row form. Spike tensors are binary and
/// mostly zero, so the synaptic layers gather only active inputs when the density is low.
struct SparseRows: Sendable {
    var rowStart: [Int32]
    var index: [Int32]
    var value: [Float]

    /// Below this fraction of non-zeros the gather paths beat a dense GEMM on this machine class.
    static let densityLimit: Float = 0.2

    /// The compressed rows of `x`, or nil as soon as more than `densityLimit` of its values turn out non-zero
    /// (one pass either way; dense inputs give up early).
    init?(_ x: Tensor, rows: Int) {
        let width = x.count / max(rows, 1)
        let budget = Int(Float(x.count) * SparseRows.densityLimit)
        // The budget is checked after each row, so at most budget + width entries are ever written.
        let capacity = budget + width
        var rowStart = [Int32](repeating: 0, count: rows + 1)
        var fits = true
        var value: [Float] = []
        let index = [Int32](unsafeUninitializedCapacity: capacity) { ix, indexCount in
            value = [Float](unsafeUninitializedCapacity: capacity) { vs, valueCount in
                var n = 0
                x.data.withUnsafeBufferPointer { p in
                    rowStart.withUnsafeMutableBufferPointer { rs in
                        for r in 0..<rows {
                            let row = p.baseAddress! + r * width
                            // Branch-free: always write the slot, advance only past non-zeros.
                            for j in 0..<width {
                                ix[n] = Int32(truncatingIfNeeded: j)
                                vs[n] = row[j]
                                n &+= row[j] != 0 ? 1 : 0
                            }
                            rs[r + 1] = Int32(truncatingIfNeeded: n)
                            if n > budget {
                                fits = false
                                break
                            }
                        }
                    }
                }
                valueCount = n
            }
            indexCount = value.count
        }
        guard fits else { return nil }
        self.rowStart = rowStart
        self.index = index
        self.value = value
    }
}

extension SparseRows {
    /// Row starts, column indices and values as pointers workers may read.
    func withShared<R>(_ body: (SharedPointer<Int32>, SharedPointer<Int32>, SharedPointer<Float>) -> R) -> R {
        rowStart.withShared { rs in index.withShared { ix in value.withShared { vs in body(rs, ix, vs) } } }
    }
}
