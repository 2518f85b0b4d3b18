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
        var rowStart = [Int32](repeating: 0, count: rows + 1)
        var index: [Int32] = [], value: [Float] = []
        index.reserveCapacity(x.count / 8)
        value.reserveCapacity(x.count / 8)
        let fits = x.data.withUnsafeBufferPointer { p in
            for r in 0..<rows {
                let base = r * width
                for j in 0..<width where p[base + j] != 0 {
                    index.append(Int32(j))
                    value.append(p[base + j])
                }
                rowStart[r + 1] = Int32(index.count)
                if index.count > budget { return false }
            }
            return true
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
