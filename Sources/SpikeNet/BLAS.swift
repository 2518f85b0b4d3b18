import CBLAS
import CSpikeKernels

/// Row-major single-precision GEMM: C = alpha·op(A)·op(B) + beta·C, with op(A) m×k and op(B) k×n.
func sgemm(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
           _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int, beta: Float,
           _ c: UnsafeMutablePointer<Float>, ldc: Int) {
    guard m > 0, n > 0 else { return }
    if k == 0 {
        if beta == 0 { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
        return
    }
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// Process settings the engine applies once, before its first layer runs. OpenBLAS stays single-threaded:
/// the engine splits work over the two cores itself, and nested BLAS threads inside those workers would
/// oversubscribe the machine. glibc keeps freed activations in the heap (see `spk_retain_freed_memory`):
/// returning them made page faults ~10 % of CNN inference.
enum EngineSetup {
    static let once: Void = {
        openblas_set_num_threads(1)
        spk_retain_freed_memory()
    }()
}
