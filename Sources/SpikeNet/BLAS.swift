import CSpikeKernels

/// Row-major single-precision GEMM: C = alpha·op(A)·op(B) + beta·C, with op(A) m×k and op(B) k×n.
func sgemm(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
           _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int, beta: Float,
           _ c: UnsafeMutablePointer<Float>, ldc: Int) {
    guard m > 0, n > 0 else { return }
    _ = EngineSetup.once
    if k == 0 {
        if beta == 0 { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
        return
    }
    spk_sgemm(transA ? 1 : 0, transB ? 1 : 0, Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c,
              Int32(ldc))
}

/// Process settings the engine applies once, before its first layer runs. OpenBLAS is loaded with the kernel
/// for this CPU and stays single-threaded (`spk_blas_load`): the engine splits work over the cores itself.
/// glibc keeps freed activations in the heap (see `spk_retain_freed_memory`): returning them made page faults
/// ~10 % of CNN inference.
public enum EngineSetup {
    static let once: Void = {
        var error = [CChar](repeating: 0, count: 512)
        guard spk_blas_load(&error, 512) == 0 else {
            // Installing libopenblas0 is part of the set-up (README); without it no dense layer can run.
            let reason = String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            fatalError("SpikeStream: \(reason); install it with `apt-get install libopenblas0`")
        }
        spk_retain_freed_memory()
    }()

    /// The OpenBLAS kernel the engine runs (e.g. "SkylakeX"), for benchmark reports.
    public static var blasCore: String {
        _ = once
        return String(cString: spk_blas_core())
    }
}
