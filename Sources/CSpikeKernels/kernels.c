#include "CSpikeKernels.h"

#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#if defined(__x86_64__) && defined(__clang__)
#include <immintrin.h>
#endif

// The kernels promise the same rounding on every build: no contraction of a·x + y into one FMA.
#pragma clang fp contract(off)

// Sanitizer builds get the portable code: an ifunc resolver runs during relocation, before the sanitizer
// runtime exists, and its instrumented code crashes there.
#if !defined(__has_feature)
#define __has_feature(x) 0
#endif
#if defined(__x86_64__) && defined(__clang__) && !__has_feature(thread_sanitizer) && !__has_feature(address_sanitizer)
#define SPK_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define SPK_CLONES
#endif

// Output columns handled per pass: the block's sums stay in registers and its slab of `source`
// (rows × 128 B) stays in L2 while every target reads it.
enum { BLOCK = 32, ROWS = 4 };

// Targets t0 ..< t0 + rows (rows ≤ ROWS) of one column block, interleaved: each target's sum is its own chain of
// adds in e order, and `rows` chains in flight hide the add latency that one chain per block would wait on.
// The first `common` entries (the fewest any of these targets has) go round-robin, the rest target by target.
// `binary` and `rows` are constants where this is inlined, so each use compiles to its own loop.
__attribute__((always_inline)) static inline void gather_rows(long t0, long rows, const int32_t *starts,
                                                              const int32_t *index, const float *value, int binary,
                                                              const float *source, long width, long column,
                                                              long columns, const float *initial, long initial_stride,
                                                              float *out) {
    float sum[ROWS][BLOCK];
    long begin[ROWS], end[ROWS], common = 0;
    for (long r = 0; r < rows; r++) {
        const float *init = initial + (t0 + r) * initial_stride + column;
        for (long k = 0; k < BLOCK; k++) sum[r][k] = k < columns ? init[k] : 0;
        begin[r] = starts[t0 + r];
        end[r] = starts[t0 + r + 1];
        const long count = end[r] - begin[r];
        common = r == 0 || count < common ? count : common;
    }
    for (long j = 0; j < common; j++) {
        for (long r = 0; r < rows; r++) {
            const long e = begin[r] + j;
            const float *row = source + (long)index[e] * width + column;
            const float v = binary ? 1 : value[e];
            for (long k = 0; k < BLOCK; k++) sum[r][k] += k < columns ? (binary ? row[k] : v * row[k]) : 0;
        }
    }
    for (long r = 0; r < rows; r++) {
        for (long e = begin[r] + common; e < end[r]; e++) {
            const float *row = source + (long)index[e] * width + column;
            const float v = binary ? 1 : value[e];
            for (long k = 0; k < BLOCK; k++) sum[r][k] += k < columns ? (binary ? row[k] : v * row[k]) : 0;
        }
        float *dst = out + (t0 + r) * width + column;
        for (long k = 0; k < columns; k++) dst[k] = sum[r][k];
    }
}

__attribute__((always_inline)) static inline void gather_block(long first, long last, const int32_t *starts,
                                                               const int32_t *index, const float *value, int binary,
                                                               const float *source, long width, long column,
                                                               long columns, const float *initial,
                                                               long initial_stride, float *out) {
    long t = first;
    for (; t + ROWS <= last; t += ROWS)
        gather_rows(t, ROWS, starts, index, value, binary, source, width, column, columns, initial, initial_stride,
                    out);
    for (; t < last; t++)
        gather_rows(t, 1, starts, index, value, binary, source, width, column, columns, initial, initial_stride, out);
}

// One column block for all targets, with `binary` a constant.
__attribute__((always_inline)) static inline void gather_columns(long first, long last, const int32_t *starts,
                                                                 const int32_t *index, const float *value,
                                                                 int binary, const float *source, long width,
                                                                 const float *initial, long initial_stride,
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

SPK_CLONES
void spk_sparse_gather(long first, long last, const int32_t *starts, const int32_t *index, const float *value,
                       int binary, const float *source, long width, const float *initial, long initial_stride,
                       float *out) {
    if (binary)
        gather_columns(first, last, starts, index, value, 1, source, width, initial, initial_stride, out);
    else
        gather_columns(first, last, starts, index, value, 0, source, width, initial, initial_stride, out);
}

static long compress_portable(const float *row, long width, int32_t *index, float *value, long j, long n) {
    for (; j < width; j++) {
        uint32_t bits;
        memcpy(&bits, row + j, 4);
        index[n] = (int32_t)j;  // branch-free: always write the slot, advance only past non-zeros
        value[n] = row[j];
        n += (bits << 1) != 0;
    }
    return n;
}

#if defined(__x86_64__) && defined(__clang__)
// 16 values per step: one compare gives the non-zero mask, two register compresses pack the survivors, and
// whole-vector stores write them (a compress straight to memory is microcoded and slow on AMD Zen 4). The
// stores spill up to 15 junk slots past the survivors, still inside the `width` slots the caller provides.
__attribute__((target("avx512f")))
static long compress_avx512(const float *row, long width, int32_t *index, float *value) {
    long n = 0, j = 0;
    const __m512i step = _mm512_set1_epi32(16);
    __m512i columns = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    for (; j + 16 <= width; j += 16) {
        const __m512 v = _mm512_loadu_ps(row + j);
        const __mmask16 live = _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_NEQ_UQ);
        if (live) {
            _mm512_storeu_si512(index + n, _mm512_maskz_compress_epi32(live, columns));
            _mm512_storeu_ps(value + n, _mm512_maskz_compress_ps(live, v));
            n += __builtin_popcount(live);
        }
        columns = _mm512_add_epi32(columns, step);
    }
    return compress_portable(row, width, index, value, j, n);
}
#endif

long spk_compress_row(const float *row, long width, int32_t *index, float *value) {
#if defined(__x86_64__) && defined(__clang__)
    if (__builtin_cpu_supports("avx512f")) return compress_avx512(row, width, index, value);
#endif
    return compress_portable(row, width, index, value, 0, 0);
}

// a[0 ..< n] += v · w[0 ..< n], n a multiple of 16. Restrict parameters (not locals) are what tells the
// compiler the two rows do not overlap, so it emits whole-vector adds; always_inline puts the loop inside each
// clone of the caller, compiled for that clone's vector width.
__attribute__((always_inline)) static inline void add_scaled(float *restrict a, const float *restrict w, float v, long n) {
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
    // Position-major: each accumulator row is read once, contiguously; the stores go to out_channels streams.
    // Kept scalar: vectorised, it becomes scatter stores, which are several times slower on AMD Zen 4.
    for (long p = 0; p < plane; p++) {
        const float *row = acc + p * stride;
#pragma clang loop vectorize(disable)
        for (long o = 0; o < out_channels; o++) out[o * plane + p] = row[o] + bias[o];
    }
}

void spk_retain_freed_memory(void) {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}

SPK_CLONES
void spk_spike_bytes(const float *spikes, long count, uint8_t *out) {
    for (long i = 0; i < count; i++) {
        float v = spikes[i];
        out[i] = v >= 255.0f ? 255 : (v >= 1.0f ? (uint8_t)v : 0);
    }
}
