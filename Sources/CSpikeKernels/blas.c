// OpenBLAS chooses its kernels when the library is loaded, from the CPU's family and model. 0.3.21 (Debian 12)
// does not know newer Xeons (e.g. Sapphire Rapids in a VM, "Intel(R) Xeon(R) Processor") and falls back to its
// SSE3 "Prescott" kernels: sgemm ran at 10 GFLOP/s on a core where SkylakeX's does 140. Linking it would load it
// before main, too early to say which kernel to use, so it is opened here, after setting OPENBLAS_CORETYPE from
// the CPU's features (unless the user set it).
#include "SpikeBLAS.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

enum { ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112 };

typedef void (*sgemm_fn)(int, int, int, int, int, int, float, const float *, int, const float *, int, float, float *,
                         int);
static sgemm_fn sgemm_entry;
static const char *core = "";

static const char *kernel_for_this_cpu(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq")
        && __builtin_cpu_supports("avx512vl"))
        return "SkylakeX";
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
#endif
    return NULL;
}

int spk_blas_load(char *error, long error_size) {
    const char *kernel = kernel_for_this_cpu();
    if (kernel && !getenv("OPENBLAS_CORETYPE")) setenv("OPENBLAS_CORETYPE", kernel, 0);
    void *library = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!library) library = dlopen("libopenblas.so", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(error, (size_t)error_size, "OpenBLAS (libopenblas.so.0) is not installed: %s", dlerror());
        return -1;
    }
    sgemm_fn sgemm = (sgemm_fn)dlsym(library, "cblas_sgemm");
    void (*set_threads)(int) = (void (*)(int))dlsym(library, "openblas_set_num_threads");
    const char *(*core_name)(void) = (const char *(*)(void))dlsym(library, "openblas_get_corename");
    if (!sgemm || !set_threads) {
        snprintf(error, (size_t)error_size, "the OpenBLAS library found has no cblas_sgemm / openblas_set_num_threads");
        return -1;
    }
    // The engine parallelises in Swift; BLAS threads nested in its workers would oversubscribe the cores.
    set_threads(1);
    core = core_name ? core_name() : "unknown";
    sgemm_entry = sgemm;
    return 0;
}

const char *spk_blas_core(void) { return core; }

void spk_sgemm(int trans_a, int trans_b, int m, int n, int k, float alpha, const float *a, int lda, const float *b,
               int ldb, float beta, float *c, int ldc) {
    sgemm_entry(ROW_MAJOR, trans_a ? TRANS : NO_TRANS, trans_b ? TRANS : NO_TRANS, m, n, k, alpha, a, lda, b, ldb, beta,
                c, ldc);
}
