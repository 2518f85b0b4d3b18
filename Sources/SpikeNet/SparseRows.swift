import CSpikeKernels

/// The non-zero entries of a `[rows, width]` matrix in compressed-row form. Spike tensors are binary and
/// mostly zero, so the synaptic layers gather only active inputs when the density is low.
struct SparseRows: Sendable {
    var rowStart: [Int32]
    var index: [Int32]
    var value: [Float]
    let width: Int
    /// Every stored value is exactly 1 (spikes): the kernels then add weights without multiplying, which gives
    /// the same bits as multiplying by 1.
    let binary: Bool

    /// Below this fraction of non-zeros the gather paths beat a dense GEMM on this machine class.
    static let densityLimit: Float = 0.2

    /// The compressed rows of `x`, or nil when more than `densityLimit` of its values are non-zero (each
    /// worker gives up as soon as its share of the rows is over that budget). The rows are split over the
    /// engine's threads and the parts concatenated.
    init?(_ x: Tensor, rows: Int) {
        let width = x.count / max(rows, 1)
        let chunks = workerCount(rows, minimumPerThread: max(1, 65_536 / max(width, 1)))
        var parts = [Part?](repeating: nil, count: chunks)
        x.data.withShared { p in
            parts.withSharedMutable { parts in
                parallelWorkers(rows, chunks: chunks) { worker, range in
                    parts[worker] = Part(p.base, rows: range, width: width)
                }
            }
        }
        var rowStart = [Int32](repeating: 0, count: rows + 1)
        var index: [Int32] = []
        var value: [Float] = []
        var binary = true
        var row = 0
        for part in parts {
            guard let part else { continue }
            guard part.fits else { return nil }
            let offset = Int32(truncatingIfNeeded: index.count)
            for end in part.rowEnd {
                row += 1
                rowStart[row] = offset + end
            }
            index += part.index
            value += part.value
            binary = binary && part.binary
        }
        self.rowStart = rowStart
        self.index = index
        self.value = value
        self.width = width
        self.binary = binary
    }

    /// The compressed form of a block of rows, built by one worker.
    private struct Part {
        var rowEnd: [Int32] = []
        var index: [Int32] = []
        var value: [Float] = []
        var fits = true
        var binary = true

        init(_ x: UnsafePointer<Float>, rows: Range<Int>, width: Int) {
            let budget = Int(Float(rows.count * width) * SparseRows.densityLimit)
            // The budget is checked after each row, so at most budget + width entries are ever written.
            let capacity = budget + width
            var rowEnd = [Int32](repeating: 0, count: rows.count)
            var fits = true
            var value: [Float] = []
            let index = [Int32](unsafeUninitializedCapacity: capacity) { ix, indexCount in
                value = [Float](unsafeUninitializedCapacity: capacity) { vs, valueCount in
                    var n = 0
                    for (k, r) in rows.enumerated() {
                        n += spk_compress_row(x + r * width, width, ix.baseAddress! + n, vs.baseAddress! + n)
                        rowEnd[k] = Int32(truncatingIfNeeded: n)
                        if n > budget {
                            fits = false
                            break
                        }
                    }
                    valueCount = n
                }
                indexCount = value.count
            }
            (self.rowEnd, self.index, self.value, self.fits) = (rowEnd, index, value, fits)
            binary = fits && value.allSatisfy { $0 == 1 }
        }
    }

    /// The same entries grouped by column (compressed-column form), rows ascending within each column: the
    /// weight-gradient pass then sums each dW row in registers. Counting sort, O(non-zeros + width).
    func columns() -> SparseColumns {
        var columnStart = [Int32](repeating: 0, count: width + 1)
        for j in index { columnStart[Int(j) + 1] += 1 }
        for j in 0..<width { columnStart[j + 1] += columnStart[j] }
        var cursor = columnStart
        var row = [Int32](repeating: 0, count: index.count)
        var columnValue = [Float](repeating: 0, count: index.count)
        for r in 0..<(rowStart.count - 1) {
            for e in Int(rowStart[r])..<Int(rowStart[r + 1]) {
                let j = Int(index[e])
                let slot = Int(cursor[j])
                row[slot] = Int32(truncatingIfNeeded: r)
                columnValue[slot] = value[e]
                cursor[j] += 1
            }
        }
        return SparseColumns(columnStart: columnStart, row: row, value: columnValue, binary: binary)
    }
}

/// Compressed-column form of a sparse `[rows, width]` matrix (see `SparseRows.columns()`).
struct SparseColumns: Sendable {
    var columnStart: [Int32]
    var row: [Int32]
    var value: [Float]
    let binary: Bool
}

extension SparseRows {
    /// Row starts, column indices and values as pointers workers may read.
    func withShared<R>(_ body: (SharedPointer<Int32>, SharedPointer<Int32>, SharedPointer<Float>) -> R) -> R {
        rowStart.withShared { rs in index.withShared { ix in value.withShared { vs in body(rs, ix, vs) } } }
    }
}

extension SparseColumns {
    /// Column starts, row indices and values as pointers workers may read.
    func withShared<R>(_ body: (SharedPointer<Int32>, SharedPointer<Int32>, SharedPointer<Float>) -> R) -> R {
        columnStart.withShared { cs in row.withShared { rw in value.withShared { vs in body(cs, rw, vs) } } }
    }
}
