import CSpikeKernels

/// The gather both sparse passes of `Dense` share. For every target t in `targets`:
///
///     out[t, :] = initial[t, :] + Σ_{e ∈ starts[t] ..< starts[t+1]} value[e] · source[index[e], :]
///
/// with rows of `width` floats, terms added in e order. Forward: targets are input rows, `source` is W and
/// `initial` the bias (stride 0). Weight gradient: targets are inputs (columns), `source` is the output
/// gradient and `initial` is dW itself (updated in place).
///
/// The loop (C, `spk_sparse_gather`) works one block of 32 output columns at a time: the block's sums stay in
/// registers and its slab of `source` (rows × 128 B) stays in L2 while all targets read it. A whole-row axpy
/// per entry would instead stream all of `source` from L3 for every target.
struct SparseGather: Sendable {
    let starts: SharedPointer<Int32>
    let index: SharedPointer<Int32>
    let value: SharedPointer<Float>
    /// All values are 1: add the source rows without multiplying (same bits as multiplying by 1).
    let binary: Bool

    func run(targets: Range<Int>, source: UnsafePointer<Float>, width n: Int,
             initial: UnsafePointer<Float>, initialStride: Int, out: UnsafeMutablePointer<Float>) {
        spk_sparse_gather(targets.lowerBound, targets.upperBound, starts.base, index.base, value.base, binary ? 1 : 0,
                          source, n, initial, initialStride, out)
    }
}
