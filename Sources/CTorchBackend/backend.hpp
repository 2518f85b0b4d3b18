// Internal types of the torch backend: layers with an explicit forward and backward over [T·B, …] time-major
// tensors (as the CPU engine's), parameters with their optimizer moments, and the guard that turns C++ exceptions
// into the C API's error codes.
#pragma once

#include <ATen/ATen.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace spk {

/// One pass: time steps, batch, whether it trains.
struct Pass {
    int64_t steps;
    int64_t batch;
    bool training;
    /// The element type of convolutions and GEMMs (float32, or bfloat16 under --precision bf16).
    at::ScalarType matmul = at::kFloat;
};

/// A learnable tensor, its gradient of the last pass and its optimizer moments (created on first use).
struct Parameter {
    at::Tensor value;
    at::Tensor grad;
    at::Tensor first;
    at::Tensor second;
    /// Weights decay (AdamW) and are clipped; biases and norms are not.
    bool decays;
    /// Buffers (BatchNorm's running statistics) are saved but not trained.
    bool trainable = true;
};

/// The error arriving at a layer in the backward pass (the engine's LayerGradient): `signal` drives the parameter
/// gradients; `downstream`, when defined, is what goes on to the layer below instead (multi-threshold, Eq. 9 vs 12).
struct Gradient {
    at::Tensor signal;
    at::Tensor downstream;

    const at::Tensor &propagated() const { return downstream.defined() ? downstream : signal; }
    /// The same linear map on both errors (layers without parameters).
    template <typename F> Gradient map(F &&f) const {
        return {f(signal), downstream.defined() ? f(downstream) : at::Tensor()};
    }
};

struct Layer {
    virtual ~Layer() = default;
    virtual at::Tensor forward(const at::Tensor &x, const Pass &pass) = 0;
    /// The error at the input from the error at the output `g` (undefined when `need_input` is false); sets the
    /// parameters' gradients.
    virtual Gradient backward(const Gradient &g, const Pass &pass, bool need_input) = 0;
    virtual std::vector<Parameter *> parameters() { return {}; }
};

/// A spiking layer's traces of the last pass, [T, E].
struct SpikingTraces {
    at::Tensor spikes;
    at::Tensor membrane;
    at::Tensor current_gradient;
    /// Synaptic neurons' PSC (their output), else undefined.
    at::Tensor psc;
};

struct SpikingLayer : Layer {
    virtual const SpikingTraces &traces() const = 0;
};

std::unique_ptr<Layer> make_dense(const at::Tensor &weight, const at::Tensor &bias);
std::unique_ptr<Layer> make_conv(const at::Tensor &weight, const at::Tensor &bias, int64_t padding);
std::unique_ptr<Layer> make_pool(bool max, int64_t size);
std::unique_ptr<Layer> make_flatten();
std::unique_ptr<Layer> make_vote(int64_t classes, int64_t voters);
struct DropoutLayer : Layer {
    /// The mask [B·neurons] of the next training pass (on the device).
    virtual void set_mask(const at::Tensor &mask) = 0;
};
std::unique_ptr<DropoutLayer> make_dropout();
std::unique_ptr<Layer> make_batch_norm(const at::Tensor &gamma, const at::Tensor &beta, const at::Tensor &running_mean,
                                       const at::Tensor &running_var, double momentum, double epsilon);

/// STBP's h1–h4 (Wu et al. 2018, Eq. 23–26) as element-wise tensor functions of u − Vth.
enum class Surrogate { rectangular = 1, triangular = 2, sigmoid = 3, gaussian = 4 };
at::Tensor surrogate_derivative(Surrogate kind, const at::Tensor &u, double threshold, double a);

/// A rule's element-wise factors of the LIF backward recurrence g[t] = grad[t]·h[t] + carry·f[t], from the
/// membranes u and spikes s [T, E] of the forward pass; `down`, when defined, makes the layer propagate
/// grad·down to the layer below instead of g (multi-threshold's Eq. 9).
struct Factors {
    at::Tensor h, f, down;
};
using RuleFactors = std::function<Factors(const at::Tensor &u, const at::Tensor &s)>;
RuleFactors stbp_factors(float threshold, bool reset_to_zero, Surrogate surrogate, float width, bool detach_reset);
RuleFactors bpsa_factors(float threshold, bool reset_to_zero, float alpha, bool warm_up, float warm_up_width);
/// Multi-threshold (Xu et al.): curve f1–f3 (1–3), `mode` 0 the paper's Eq. 9/12, 1 BPTT with the reset detached,
/// 2 BPTT through the reset.
RuleFactors multi_threshold_factors(float threshold, int max_spikes, float decay, int curve, float alpha_h,
                                    float alpha_w, int mode);
/// LIF neurons: binary spikes (`max_spikes` 0) or, as multi-threshold neurons, ⌊u/Vth⌋ clamped to 0…max_spikes.
std::unique_ptr<SpikingLayer> make_lif(float decay, float threshold, bool reset_to_zero, int max_spikes,
                                       RuleFactors rule);

/// TSSL-BP's options (the engine's `TSSLBP`).
struct TSSLOptions {
    enum WarmUp { none = 0, layer_rate = 1, per_element = 2 };
    bool clamp_time_derivative, leak;
    WarmUp warm_up;
    float warm_up_rate, warm_up_width;
};
/// Synaptic LIF neurons (τm, τs, reset by subtraction or to zero) trained by TSSL-BP; they output their PSC.
std::unique_ptr<SpikingLayer> make_synaptic_lif(float tau_m, float tau_s, float threshold, bool reset_to_zero,
                                                TSSLOptions rule);
/// The input's unweighted PSC (TSSL-BP's first layer).
std::unique_ptr<Layer> make_synaptic_filter(float tau_s);

/// ½·Σ(c − y)² of `output` [T·B, K] against desired values [B, K], c the mean rate (`mean_rate`) or the spike count,
/// scaled by `factor`: the loss (a 0-d tensor on the output's device) and its gradient for every output value.
std::pair<at::Tensor, at::Tensor> count_mse(const at::Tensor &output, const at::Tensor &desired, int64_t steps,
                                            double factor, bool mean_rate);
/// Softmax cross-entropy of `scale`·(mean rate) against one-hot labels [B, K], scaled by `factor`.
std::pair<at::Tensor, at::Tensor> cross_entropy(const at::Tensor &output, const at::Tensor &one_hot, int64_t steps,
                                                double scale, double factor);
/// Σ ½·(o − y)² over every step against desired outputs [T·B, K] (multi-threshold Eq. 6), scaled by `factor`.
std::pair<at::Tensor, at::Tensor> per_step_mse(const at::Tensor &output, const at::Tensor &desired, double factor);

struct OptimizerSettings {
    int kind = 0;  // SPK_OPTIMIZER_*
    float momentum = 0, beta1 = 0.9f, beta2 = 0.999f, epsilon = 1e-8f, weight_decay = 0;
    float weight_clip = 0, grad_norm_clip = 0;
};
/// One update of every parameter from its gradient, as the CPU engine's `Optimizer` (step number `step`, 1-based).
void optimizer_step(const OptimizerSettings &settings, const std::vector<Parameter *> &parameters, int64_t step,
                    double learning_rate);

/// The device a name gives ("cpu", "cuda", "cuda:N", "meta"), after loading libtorch_cuda.so for CUDA and checking
/// that the GPU exists; throws DeviceError otherwise.
c10::Device open_device(const std::string &name);

struct DeviceError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
struct ArgumentError : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

/// Records the message for spk_torch_last_error() and returns the code.
int fail(int code, const std::string &message);
/// Runs `body` (returning an SPK_TORCH_* code) with every exception turned into a code and message.
template <typename Body> int guarded(Body &&body);

}  // namespace spk

#include "guard.hpp"
