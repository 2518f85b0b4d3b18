// OpenBLAS, loaded at run time so that its kernel can be chosen first (see blas.c).
#ifndef SPIKEBLAS_H
#define SPIKEBLAS_H

/// Loads OpenBLAS (libopenblas.so.0) single-threaded, first naming its CPU kernel in OPENBLAS_CORETYPE when the
/// user has not: SkylakeX on CPUs with AVX-512 (F, BW, DQ, VL), Haswell with AVX2 + FMA. Returns 0, or -1 with
/// a reason in `error` (`error_size` bytes) when the library or its functions cannot be found.
int spk_blas_load(char *error, long error_size);

/// The kernel OpenBLAS runs (e.g. "SkylakeX"), or "" before `spk_blas_load` succeeded.
const char *spk_blas_core(void);

/// cblas_sgemm, row-major: C = alpha·op(A)·op(B) + beta·C with op(A) m×k, op(B) k×n.
void spk_sgemm(int trans_a, int trans_b, int m, int n, int k, float alpha, const float *a, int lda, const float *b,
               int ldb, float beta, float *c, int ldc);

#endif
