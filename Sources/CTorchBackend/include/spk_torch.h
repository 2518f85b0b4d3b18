// The C API of the optional libtorch (ATen) compute backend: opaque network handles on one device, built layer by
// layer from the engine's parameters, trained by forward + BPTT with the engine's own rule arithmetic written in ATen
// operations. Every function returns SPK_TORCH_OK or an error code; the message of the last error on the calling
// thread is spk_torch_last_error(). No C++ exception crosses this interface.
#ifndef SPK_TORCH_H
#define SPK_TORCH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    SPK_TORCH_OK = 0,
    /// An argument the backend does not accept (shape, kind, count).
    SPK_TORCH_BAD_ARGUMENT = 1,
    /// The device is unknown or not present (no CUDA library, no GPU, index out of range).
    SPK_TORCH_DEVICE_UNAVAILABLE = 2,
    /// The device ran out of memory.
    SPK_TORCH_OUT_OF_MEMORY = 3,
    /// Any other error libtorch raised.
    SPK_TORCH_FAILED = 4,
};

typedef struct spk_torch_network spk_torch_network;

/// The message of the last error on this thread ("" when none); valid until the next call on this thread.
const char *spk_torch_last_error(void);
/// libtorch's version ("2.11.0").
const char *spk_torch_version(void);
/// Threads of ATen's intra-op pool (CPU work).
void spk_torch_set_threads(int threads);

/// The most CUDA memory this process's tensors held at once on `device` ("cuda", "cuda:N") and the most the caching
/// allocator reserved (PyTorch's max_memory_allocated / max_memory_reserved), in bytes.
int spk_torch_peak_memory(const char *device, int64_t *allocated, int64_t *reserved);

/// A network with no layers on `device` ("cpu", "cuda", "cuda:N", "meta"); loads libtorch_cuda.so for "cuda".
int spk_torch_network_create(const char *device, spk_torch_network **out);
void spk_torch_network_free(spk_torch_network *network);

/// Layers, in order, with the engine's parameter layouts: dense W [inputs, outputs], conv W [out, in, k, k].
int spk_torch_add_dense(spk_torch_network *n, int inputs, int outputs, const float *weight, const float *bias);
int spk_torch_add_conv(spk_torch_network *n, int in_channels, int out_channels, int kernel, int padding,
                       const float *weight, const float *bias);
/// Non-overlapping pooling, window = stride = size; `max` 0 is average.
int spk_torch_add_pool(spk_torch_network *n, int max, int size);
int spk_torch_add_flatten(spk_torch_network *n);
int spk_torch_add_vote(spk_torch_network *n, int classes, int voters);
/// Inverted dropout, one mask per sample for all time steps; identity unless a mask was set for the next training
/// pass with spk_torch_set_dropout_mask (dropout layers numbered in order from 0; `mask` [B·neurons] of 0 or
/// 1/(1 − rate); a pass uses its mask once).
int spk_torch_add_dropout(spk_torch_network *n);
int spk_torch_set_dropout_mask(spk_torch_network *n, int index, const float *mask, int64_t count);
/// Batch norm per channel over [T·B, C, H, W]: γ, β trained; the running mean and variance are buffers.
int spk_torch_add_batch_norm(spk_torch_network *n, int channels, float momentum, float epsilon, const float *gamma,
                             const float *beta, const float *running_mean, const float *running_var);

enum { SPK_SURROGATE_RECTANGULAR = 1, SPK_SURROGATE_TRIANGULAR = 2, SPK_SURROGATE_SIGMOID = 3, SPK_SURROGATE_GAUSSIAN = 4 };
/// A layer of LIF neurons (u = decay·u_post + I, s = u ≥ Vth, reset to zero or by subtraction) trained by STBP with
/// surrogate h1–h4 of parameter `width` (a).
int spk_torch_add_lif_stbp(spk_torch_network *n, float decay, float threshold, int reset_to_zero, int surrogate,
                           float width, int detach_reset);

/// A layer of LIF neurons trained by BPSA (∂s/∂u = 1/u where it fired) with BPTA's temporal residual `alpha`
/// (0: BPSA alone) and, with `warm_up`, the sigmoid surrogate of width `warm_up_width` for neurons silent all window.
int spk_torch_add_lif_bpsa(spk_torch_network *n, float decay, float threshold, int reset_to_zero, float alpha,
                           int warm_up, float warm_up_width);

/// A layer of multi-threshold LIF neurons (spikes ⌊u/Vth⌋ clamped to 0…max_spikes, reset by subtraction) trained
/// by the multi-threshold rule: `curve` 1–3 (f1–f3), `mode` 0 the paper's (Eq. 9/12), 1 BPTT with the reset
/// detached, 2 BPTT through the reset.
int spk_torch_add_multi_threshold(spk_torch_network *n, float decay, float threshold, int max_spikes, int curve,
                                  float alpha_h, float alpha_w, int mode);

/// The input's unweighted PSC a = (1 − 1/τs)·a + x/τs (TSSL-BP's first layer, before any weights).
int spk_torch_add_synaptic_filter(spk_torch_network *n, float tau_s);

enum { SPK_WARM_UP_NONE = 0, SPK_WARM_UP_LAYER_RATE = 1, SPK_WARM_UP_PER_ELEMENT = 2 };
/// A layer of synaptic LIF neurons (u = (1 − 1/τm)·u_post + I, s = u ≥ Vth, reset by subtraction or to zero; output
/// the PSC a = (1 − 1/τs)·a + s/τs) trained by TSSL-BP with the engine's options: the code's clamped ∂t/∂u, the
/// code's leak recurrence, the warm-up (none, the whole layer at firing rate ≤ `warm_up_rate`, or per element
/// where its PSC < 1/(4τs)) with a sigmoid of temperature `warm_up_width`.
int spk_torch_add_synaptic_lif_tssl(spk_torch_network *n, float tau_m, float tau_s, float threshold, int reset_to_zero,
                                    int clamp_time_derivative, int leak, int warm_up, float warm_up_rate,
                                    float warm_up_width);

enum { SPK_LOSS_RATE_MSE = 0, SPK_LOSS_PER_STEP_MSE = 1, SPK_LOSS_SPIKE_COUNT = 2, SPK_LOSS_CROSS_ENTROPY = 3 };
/// The loss of `spk_torch_run` (default rate MSE). Rate MSE, spike count (½·Σ(count − c)²) and cross-entropy
/// (softmax of `scale`·mean rate; the desired values one-hot) take desired values [B, K]; per-step MSE (also
/// TSSL-BP's PSC loss) desired outputs [T·B, K] (time-major). `scale` is read by cross-entropy only.
int spk_torch_set_loss(spk_torch_network *n, int kind, float scale);

enum { SPK_OPTIMIZER_SGD = 0, SPK_OPTIMIZER_ADAM = 1, SPK_OPTIMIZER_ADAMW = 2 };
/// The update rule of `spk_torch_step`: SGD uses `momentum`; Adam/AdamW `beta1`, `beta2`, `epsilon` (and
/// `weight_decay` for AdamW, on weights only). `weight_clip` / `grad_norm_clip` ≤ 0: none.
int spk_torch_set_optimizer(spk_torch_network *n, int kind, float momentum, float beta1, float beta2, float epsilon,
                            float weight_decay, float weight_clip, float grad_norm_clip);

/// One pass over a batch `input` [B, T, C, H, W] (host memory, sample-major, `shape` its 5 sizes).
/// With `desired` (host, the loss's desired values, see spk_torch_set_loss) it trains: the loss
/// (½·Σ(mean_t o − y)² or ½·Σ(o − y)², times `loss_factor`) into `loss`, BPTT into the parameter gradients, and, when `step` > 0, optimizer step number `step` (1-based)
/// with learning rate `learning_rate`. Without `desired` it runs in evaluation mode. `output` (host, [T·B, K],
/// time-major) receives the output layer's values unless it is NULL (it must be NULL on the meta device).
int spk_torch_run(spk_torch_network *n, const float *input, const int64_t *shape, const float *desired,
                  float loss_factor, int64_t step, float learning_rate, float *loss, float *output);

/// Data-parallel training splits a training step in two around the gradients' reduction over the processes:
/// spk_torch_run with `step` 0 (forward, loss, BPTT: the gradients of this process's batch), then
/// spk_torch_gradients hands the trainable parameters' gradient tensors, in parameter order, to a C++ caller linked
/// to the same libtorch (CTorchDistributed reduces them in place on their device), then spk_torch_step applies
/// optimizer step number `step` (1-based) with `learning_rate` to the gradients as they are now.
/// `tensors` receives `at::Tensor *` (opaque here) of at most `capacity`; `count` the number there are (call with
/// `tensors` NULL to size the array). Fails before any training pass.
int spk_torch_gradients(spk_torch_network *n, void **tensors, int capacity, int *count);
int spk_torch_step(spk_torch_network *n, int64_t step, float learning_rate);

/// Fault injection, for tests of what the caller does when the device runs out of memory: the training pass of
/// optimizer step `step` (> 0; 0 turns it off) fails with SPK_TORCH_OUT_OF_MEMORY as libtorch's allocator would.
int spk_torch_fail_with_out_of_memory(spk_torch_network *n, int64_t step);

/// Parameters in layer order (each weighted layer: weight, then bias).
int spk_torch_parameter_count(const spk_torch_network *n);
/// Element count of parameter `index`.
int64_t spk_torch_parameter_size(const spk_torch_network *n, int index);
/// Copies parameter `index` (and, where not NULL, its last gradient and optimizer moments) to host memory; a buffer
/// (running statistics) or a parameter not yet updated gives zeros for what it does not have.
int spk_torch_read_parameter(const spk_torch_network *n, int index, float *value, float *grad, float *first,
                             float *second);
/// Replaces parameter `index`'s value (and, where not NULL, its optimizer moments) from host memory.
int spk_torch_write_parameter(spk_torch_network *n, int index, const float *value, const float *first,
                              const float *second);

/// Spiking layers, in order: their count, and the traces of the last pass of spiking layer `index`
/// (`trace` 0: spikes, 1: membrane before reset, 2: ∂L/∂I after a training pass, 3: a synaptic layer's PSC), [T·B·neurons] floats.
int spk_torch_spiking_count(const spk_torch_network *n);
int spk_torch_read_trace(const spk_torch_network *n, int index, int trace, float *out, int64_t count);
/// Each spiking layer's mean spikes per neuron and step in the last pass, into `out` [spiking layers].
int spk_torch_firing_rates(const spk_torch_network *n, float *out);

/* ---- The data path to the device and the arithmetic precision (issue 14, items 4 and 6) ---- */

/// A batch staged for a network's device: written once into host memory as the cache stores it, its copy to the
/// device started on a side stream (CUDA). Thread-safe against the passes running on the same device.
typedef struct spk_torch_stage spk_torch_stage;
typedef struct spk_torch_input spk_torch_input;
enum { SPK_INPUT_UINT8 = 0, SPK_INPUT_UINT16 = 1, SPK_INPUT_FLOAT32 = 2 };

/// Where batches for `device` are staged: on CUDA page-locked host buffers (reused once the copy out of them has
/// finished) and a side stream for the copies; elsewhere plain host memory the pass reads in place.
int spk_torch_stage_create(const char *device, spk_torch_stage **out);
void spk_torch_stage_free(spk_torch_stage *stage);
/// A host buffer for one batch [B, T, C, H, W] (`shape`) of element type `dtype` (SPK_INPUT_*): the caller writes
/// the whole batch into `*host` (padding included) and then calls spk_torch_input_submit. `binary`: the pass clips
/// counts to 1.
int spk_torch_input_create(spk_torch_stage *stage, int dtype, const int64_t *shape, int binary,
                           spk_torch_input **out, void **host);
/// Starts the copy to the device (CUDA: non-blocking on the stage's side stream, then an event the pass's stream
/// waits on; CPU: nothing, the pass reads the host buffer; meta: a meta tensor).
int spk_torch_input_submit(spk_torch_input *input);
/// Frees the batch; its host buffer goes back to the stage once its copy is done.
void spk_torch_input_free(spk_torch_input *input);
/// spk_torch_run on a staged batch: on the device it is converted to float, clipped to 1 when binary and made
/// time-major [T·B, C, H, W] before the pass.
int spk_torch_run_input(spk_torch_network *n, spk_torch_input *input, const float *desired, float loss_factor,
                        int64_t step, float learning_rate, float *loss, float *output);

enum { SPK_PRECISION_FP32 = 0, SPK_PRECISION_TF32 = 1, SPK_PRECISION_BF16 = 2 };
/// The arithmetic of the network's convolutions and GEMMs: fp32 (default; CUDA with TF32 off), tf32 (CUDA only:
/// TF32 allowed in cuBLAS and cuDNN, process-wide) or bf16 (their inputs and weights cast to bfloat16, results back
/// to float32). Neurons, rules, losses and optimizer stay float32 in every mode.
int spk_torch_set_precision(spk_torch_network *n, int precision);

#ifdef __cplusplus
}
#endif

#endif
