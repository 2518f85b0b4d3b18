// Hot loops of the SNN engine that profit from wide vectors. Swift has no per-function target attributes, so
// these few loops live in C, compiled once per x86-64 level (SSE2, AVX2, AVX-512) and picked at load time by
// the CPU's features (GNU ifunc via target_clones); other machines get the portable build.
#ifndef CSPIKEKERNELS_H
#define CSPIKEKERNELS_H

#include <stdint.h>

#include "SpikeBLAS.h"

/// For every target t in [first, last):
///   out[t, :] = initial[t · initial_stride, :] + Σ_{e ∈ starts[t] ..< starts[t+1]} value[e] · source[index[e], :]
/// with rows of `width` floats and the terms added in e order (multiply, then add: no fused multiply-add, so
/// every build gives the same bits). With `binary` (all values 1) the rows are added without multiplying.
/// `out` may equal `initial` (in-place accumulation with initial_stride = width).
void spk_sparse_gather(long first, long last, const int32_t *starts, const int32_t *index, const float *value,
                       int binary, const float *source, long width, const float *initial, long initial_stride,
                       float *out);

/// Writes the column and value of every non-zero of `row` (±0 are zeros, NaN is not) to `index`/`value`,
/// in column order, and returns how many there were. Both outputs need room for `width` entries: slots past
/// the returned count may be overwritten.
long spk_compress_row(const float *row, long width, int32_t *index, float *value);

/// The sparse forward of one sample of a stride-1 convolution with zero padding. For each active input pixel
/// (flat index `index[e]` into [channels, height, width], value `value[e]`) and each output position it feeds,
/// adds value · wt[kernel row, :] to acc[position, :] (channels-last, rows of `stride` floats, a multiple of 16 ≥ out_channels,
/// zeroed here), then writes out[o, position] = acc[position, o] + bias[o] (planar, out_channels planes).
/// `wt` is [in_channels · kernel · kernel, stride], zero past out_channels.
void spk_conv_scatter(const int32_t *index, const float *value, long count, long height, long width, long kernel,
                      long padding, long out_height, long out_width, const float *wt, long stride, long out_channels,
                      const float *bias, float *acc, float *out);

/// out[i] = spikes[i] as a count byte: whole numbers 0…255 kept, larger values 255, anything below 1 (NaN too) 0.
void spk_spike_bytes(const float *spikes, long count, uint8_t *out);

/// Keep freed memory in the process heap instead of returning every large block to the kernel: the engine
/// frees and re-allocates its activations on every batch, and fresh pages cost a fault and zeroing each time.
void spk_retain_freed_memory(void);

#endif
