#include "CSpikeKernels.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

// The kernels promise the same rounding on every build: no contraction of a·x + y into one FMA.
#pragma clang fp contract(off)

#if defined(__x86_64__) && defined(__clang__)
#define SPK_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define SPK_CLONES
#endif

// Output columns handled per pass: the block's sums stay in registers and its slab of `source`
// (rows × 128 B) stays in L2 while every target reads it.
enum { BLOCK = 32 };

static inline void gather_block(long first, long last, const int32_t *starts, const int32_t *index,
                                const float *value, int binary, const float *source, long width, long column,
                                long columns, const float *initial, long initial_stride, float *out) {
    for (long t = first; t < last; t++) {
        float sum[BLOCK];
        const float *init = initial + t * initial_stride + column;
        for (long k = 0; k < BLOCK; k++) sum[k] = k < columns ? init[k] : 0;
        const long begin = starts[t], end = starts[t + 1];
        if (binary) {
            for (long e = begin; e < end; e++) {
                const float *row = source + (long)index[e] * width + column;
                for (long k = 0; k < BLOCK; k++) sum[k] += k < columns ? row[k] : 0;
            }
        } else {
            for (long e = begin; e < end; e++) {
                const float *row = source + (long)index[e] * width + column;
                const float v = value[e];
                for (long k = 0; k < BLOCK; k++) sum[k] += k < columns ? v * row[k] : 0;
            }
        }
        float *dst = out + t * width + column;
        for (long k = 0; k < columns; k++) dst[k] = sum[k];
    }
}

SPK_CLONES
void spk_sparse_gather(long first, long last, const int32_t *starts, const int32_t *index, const float *value,
                       int binary, const float *source, long width, const float *initial, long initial_stride,
                       float *out) {
    long column = 0;
    // Full blocks with a constant trip count (kept in registers), then one masked block for the rest.
    for (; column + BLOCK <= width; column += BLOCK)
        gather_block(first, last, starts, index, value, binary, source, width, column, BLOCK, initial,
                     initial_stride, out);
    if (column < width)
        gather_block(first, last, starts, index, value, binary, source, width, column, width - column, initial,
                     initial_stride, out);
}

// a[0 ..< n] += v · w[0 ..< n], n a multiple of 16. Restrict parameters (not locals) are what tells the
// compiler the two rows do not overlap, so it emits whole-vector adds.
static inline void add_scaled(float *restrict a, const float *restrict w, float v, long n) {
    for (long o0 = 0; o0 < n; o0 += 16)
        for (long o = o0; o < o0 + 16; o++) a[o] += v * w[o];
}

SPK_CLONES
void spk_conv_scatter(const int32_t *index, const float *value, long count, long height, long width, long kernel,
                      long padding, long out_height, long out_width, const float *wt, long stride, long out_channels,
                      const float *bias, float *acc, float *out) {
    const long plane = out_height * out_width;
    if (count == 0) {  // a silent sample (common in deep layers): just the bias
        for (long o = 0; o < out_channels; o++)
            for (long p = 0; p < plane; p++) out[o * plane + p] = bias[o];
        return;
    }
    for (long i = 0; i < plane * stride; i++) acc[i] = 0;
    for (long e = 0; e < count; e++) {
        const long j = index[e], c = j / (height * width), iy = (j / width) % height, ix = j % width;
        const float v = value[e];
        for (long ky = 0; ky < kernel; ky++) {
            const long oy = iy + padding - ky;
            if (oy < 0 || oy >= out_height) continue;
            for (long kx = 0; kx < kernel; kx++) {
                const long ox = ix + padding - kx;
                if (ox < 0 || ox >= out_width) continue;
                add_scaled(acc + (oy * out_width + ox) * stride, wt + ((c * kernel + ky) * kernel + kx) * stride, v,
                           stride);
            }
        }
    }
    for (long o = 0; o < out_channels; o++) {
        float *dst = out + o * plane;
        for (long p = 0; p < plane; p++) dst[p] = acc[p * stride + o] + bias[o];
    }
}

void spk_retain_freed_memory(void) {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}
