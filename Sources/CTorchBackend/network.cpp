// The C API's network: layers on one device, one pass (forward, loss, BPTT, optimizer step) per call, parameters
// and traces copied to and from host memory.
#include "input.hpp"
#include "network.hpp"

#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>
#include <torch/headeronly/version.h>

#include <cstring>

namespace {

spk::Parameter &parameter(const spk_torch_network *n, int index) {
    if (n == nullptr || index < 0 || size_t(index) >= n->parameters.size())
        throw spk::ArgumentError("no parameter " + std::to_string(index));
    return *n->parameters[index];
}

void download(const at::Tensor &t, float *out) {
    if (out == nullptr) return;
    if (!t.defined()) throw spk::ArgumentError("nothing to read: the tensor is not computed yet");
    auto host = t.to(at::kCPU, at::kFloat).contiguous();
    std::memcpy(out, host.data_ptr<float>(), sizeof(float) * host.numel());
}

}  // namespace

extern "C" {

const char *spk_torch_version(void) { return TORCH_VERSION; }

void spk_torch_set_threads(int threads) {
    if (threads > 0) at::set_num_threads(threads);
}

int spk_torch_network_create(const char *device, spk_torch_network **out) {
    return spk::guarded([&] {
        if (out == nullptr || device == nullptr) throw spk::ArgumentError("missing device or result");
        auto network = std::make_unique<spk_torch_network>();
        network->device = spk::open_device(device);
        *out = network.release();
        return SPK_TORCH_OK;
    });
}

void spk_torch_network_free(spk_torch_network *network) { delete network; }

int spk_torch_add_dense(spk_torch_network *n, int inputs, int outputs, const float *weight, const float *bias) {
    return spk::guarded([&] {
        c10::InferenceMode guard;
        if (inputs < 1 || outputs < 1) throw spk::ArgumentError("dense layer needs positive sizes");
        n->add(spk::make_dense(n->upload(weight, {inputs, outputs}), n->upload(bias, {outputs})));
        return SPK_TORCH_OK;
    });
}

int spk_torch_add_conv(spk_torch_network *n, int in_channels, int out_channels, int kernel, int padding,
                       const float *weight, const float *bias) {
    return spk::guarded([&] {
        c10::InferenceMode guard;
        if (in_channels < 1 || out_channels < 1 || kernel < 1 || padding < 0)
            throw spk::ArgumentError("conv layer needs positive sizes");
        n->add(spk::make_conv(n->upload(weight, {out_channels, in_channels, kernel, kernel}),
                              n->upload(bias, {out_channels}), padding));
        return SPK_TORCH_OK;
    });
}

int spk_torch_add_pool(spk_torch_network *n, int max, int size) {
    return spk::guarded([&] {
        if (size < 1) throw spk::ArgumentError("pool size must be positive");
        n->add(spk::make_pool(max != 0, size));
        return SPK_TORCH_OK;
    });
}

int spk_torch_add_flatten(spk_torch_network *n) {
    return spk::guarded([&] {
        n->add(spk::make_flatten());
        return SPK_TORCH_OK;
    });
}

int spk_torch_add_dropout(spk_torch_network *n) {
    return spk::guarded([&] {
        auto layer = spk::make_dropout();
        n->dropouts.push_back(layer.get());
        n->add(std::move(layer));
        return SPK_TORCH_OK;
    });
}

int spk_torch_set_dropout_mask(spk_torch_network *n, int index, const float *mask, int64_t count) {
    return spk::guarded([&] {
        c10::InferenceMode guard;
        if (index < 0 || size_t(index) >= n->dropouts.size())
            throw spk::ArgumentError("no dropout layer " + std::to_string(index));
        n->dropouts[index]->set_mask(n->upload(mask, {count}));
        return SPK_TORCH_OK;
    });
}

int spk_torch_add_vote(spk_torch_network *n, int classes, int voters) {
    return spk::guarded([&] {
        if (classes < 1 || voters < 1) throw spk::ArgumentError("vote needs positive classes and voters");
        n->add(spk::make_vote(classes, voters));
        return SPK_TORCH_OK;
    });
}

int spk_torch_add_batch_norm(spk_torch_network *n, int channels, float momentum, float epsilon, const float *gamma,
                             const float *beta, const float *running_mean, const float *running_var) {
    return spk::guarded([&] {
        c10::InferenceMode guard;
        if (channels < 1) throw spk::ArgumentError("batch norm needs channels");
        n->add(spk::make_batch_norm(n->upload(gamma, {channels}), n->upload(beta, {channels}),
                                    n->upload(running_mean, {channels}), n->upload(running_var, {channels}), momentum,
                                    epsilon));
        return SPK_TORCH_OK;
    });
}

int spk_torch_add_lif_stbp(spk_torch_network *n, float decay, float threshold, int reset_to_zero, int surrogate,
                           float width, int detach_reset) {
    return spk::guarded([&] {
        if (surrogate < SPK_SURROGATE_RECTANGULAR || surrogate > SPK_SURROGATE_GAUSSIAN)
            throw spk::ArgumentError("unknown surrogate " + std::to_string(surrogate));
        n->add_spiking(spk::make_lif(decay, threshold, reset_to_zero != 0, 0,
                                     spk::stbp_factors(threshold, reset_to_zero != 0, spk::Surrogate(surrogate), width,
                                                       detach_reset != 0)));
        return SPK_TORCH_OK;
    });
}

int spk_torch_add_lif_bpsa(spk_torch_network *n, float decay, float threshold, int reset_to_zero, float alpha,
                           int warm_up, float warm_up_width) {
    return spk::guarded([&] {
        n->add_spiking(spk::make_lif(decay, threshold, reset_to_zero != 0, 0,
                                     spk::bpsa_factors(threshold, reset_to_zero != 0, alpha, warm_up != 0, warm_up_width)));
        return SPK_TORCH_OK;
    });
}

int spk_torch_add_multi_threshold(spk_torch_network *n, float decay, float threshold, int max_spikes, int curve,
                                  float alpha_h, float alpha_w, int mode) {
    return spk::guarded([&] {
        if (max_spikes < 1) throw spk::ArgumentError("max_spikes must be at least 1");
        n->add_spiking(spk::make_lif(decay, threshold, false, max_spikes,
                                     spk::multi_threshold_factors(threshold, max_spikes, decay, curve, alpha_h, alpha_w,
                                                                  mode)));
        return SPK_TORCH_OK;
    });
}

int spk_torch_add_synaptic_filter(spk_torch_network *n, float tau_s) {
    return spk::guarded([&] {
        if (!(tau_s >= 1)) throw spk::ArgumentError("tau_s must be at least 1");
        n->add(spk::make_synaptic_filter(tau_s));
        return SPK_TORCH_OK;
    });
}

int spk_torch_add_synaptic_lif_tssl(spk_torch_network *n, float tau_m, float tau_s, float threshold, int reset_to_zero,
                                    int clamp_time_derivative, int leak, int warm_up, float warm_up_rate,
                                    float warm_up_width) {
    return spk::guarded([&] {
        if (!(tau_m >= 1) || !(tau_s >= 1)) throw spk::ArgumentError("tau_m and tau_s must be at least 1");
        if (warm_up < SPK_WARM_UP_NONE || warm_up > SPK_WARM_UP_PER_ELEMENT)
            throw spk::ArgumentError("unknown warm-up " + std::to_string(warm_up));
        spk::TSSLOptions rule{clamp_time_derivative != 0, leak != 0, spk::TSSLOptions::WarmUp(warm_up), warm_up_rate,
                              warm_up_width};
        n->add_spiking(spk::make_synaptic_lif(tau_m, tau_s, threshold, reset_to_zero != 0, rule));
        return SPK_TORCH_OK;
    });
}

int spk_torch_set_loss(spk_torch_network *n, int kind, float scale) {
    return spk::guarded([&] {
        if (kind < SPK_LOSS_RATE_MSE || kind > SPK_LOSS_CROSS_ENTROPY)
            throw spk::ArgumentError("unknown loss " + std::to_string(kind));
        n->loss = kind;
        n->loss_scale = scale;
        return SPK_TORCH_OK;
    });
}

int spk_torch_set_optimizer(spk_torch_network *n, int kind, float momentum, float beta1, float beta2, float epsilon,
                            float weight_decay, float weight_clip, float grad_norm_clip) {
    return spk::guarded([&] {
        if (kind < SPK_OPTIMIZER_SGD || kind > SPK_OPTIMIZER_ADAMW)
            throw spk::ArgumentError("unknown optimizer " + std::to_string(kind));
        n->optimizer = {kind, momentum, beta1, beta2, epsilon, weight_decay, weight_clip, grad_norm_clip};
        return SPK_TORCH_OK;
    });
}

namespace {

/// One pass over `x` (time-major [T·B, C, H, W] on the device; `sizes` the batch's [B, T, C, H, W]).
int run_pass(spk_torch_network *n, at::Tensor x, const std::vector<int64_t> &sizes, const float *desired,
             float loss_factor, int64_t step, float learning_rate, float *loss, float *output) {
    const int64_t batch = sizes[0], steps = sizes[1];
    const spk::Pass pass{steps, batch, desired != nullptr, n->matmul};
    for (auto &layer : n->layers) x = layer->forward(x, pass);
    if (desired != nullptr) {
        const int64_t classes = x.numel() / (steps * batch);
        auto [value, grad] = n->loss == SPK_LOSS_PER_STEP_MSE
            ? spk::per_step_mse(x, n->upload(desired, {steps * batch, classes}), loss_factor)
            : n->loss == SPK_LOSS_CROSS_ENTROPY
            ? spk::cross_entropy(x, n->upload(desired, {batch, classes}), steps, n->loss_scale, loss_factor)
            : spk::count_mse(x, n->upload(desired, {batch, classes}), steps, loss_factor,
                             n->loss == SPK_LOSS_RATE_MSE);
        const size_t lowest = n->lowest_weighted();
        spk::Gradient g{grad};
        for (size_t i = n->layers.size(); i-- > lowest;) g = n->layers[i]->backward(g, pass, i > lowest);
        if (step > 0) spk::optimizer_step(n->optimizer, n->parameters, step, learning_rate);
        if (loss != nullptr) *loss = n->device.is_meta() ? 0 : value.item<float>();
    }
    if (output != nullptr) {
        if (n->device.is_meta()) throw spk::ArgumentError("the meta device has no values to read");
        download(x, output);
    }
    return SPK_TORCH_OK;
}

}  // namespace

int spk_torch_run(spk_torch_network *n, const float *input, const int64_t *shape, const float *desired,
                  float loss_factor, int64_t step, float learning_rate, float *loss, float *output) {
    return spk::guarded([&] {
        c10::InferenceMode guard;
        if (shape == nullptr) throw spk::ArgumentError("missing input shape");
        std::vector<int64_t> sizes(shape, shape + 5);
        for (auto s : sizes)
            if (s < 1) throw spk::ArgumentError("input sizes must be positive");
        TORCH_CHECK_WITH(OutOfMemoryError, step == 0 || step != n->out_of_memory_at_step,
                         "out of memory (injected at step ", step, ")");
        // [B, T, C, H, W] → time-major [T·B, C, H, W] on the device
        auto x = n->upload(input, sizes).transpose(0, 1).contiguous().reshape({sizes[1] * sizes[0], sizes[2], sizes[3],
                                                                                  sizes[4]});
        return run_pass(n, x, sizes, desired, loss_factor, step, learning_rate, loss, output);
    });
}

int spk_torch_run_input(spk_torch_network *n, spk_torch_input *input, const float *desired, float loss_factor,
                        int64_t step, float learning_rate, float *loss, float *output) {
    return spk::guarded([&] {
        c10::InferenceMode guard;
        if (n == nullptr) throw spk::ArgumentError("missing network");
        TORCH_CHECK_WITH(OutOfMemoryError, step == 0 || step != n->out_of_memory_at_step,
                         "out of memory (injected at step ", step, ")");
        std::vector<int64_t> sizes;
        auto x = spk::device_batch(input, n->device, sizes);
        return run_pass(n, x, sizes, desired, loss_factor, step, learning_rate, loss, output);
    });
}

int spk_torch_set_precision(spk_torch_network *n, int precision) {
    return spk::guarded([&] {
        if (n == nullptr) throw spk::ArgumentError("missing network");
        n->matmul = spk::apply_precision(n->device, precision);
        return SPK_TORCH_OK;
    });
}

int spk_torch_fail_with_out_of_memory(spk_torch_network *n, int64_t step) {
    return spk::guarded([&] {
        if (n == nullptr) throw spk::ArgumentError("missing network");
        n->out_of_memory_at_step = step;
        return SPK_TORCH_OK;
    });
}

int spk_torch_parameter_count(const spk_torch_network *n) { return n ? int(n->parameters.size()) : 0; }

int64_t spk_torch_parameter_size(const spk_torch_network *n, int index) {
    return n && index >= 0 && size_t(index) < n->parameters.size() ? n->parameters[index]->value.numel() : -1;
}

int spk_torch_read_parameter(const spk_torch_network *n, int index, float *value, float *grad, float *first,
                             float *second) {
    return spk::guarded([&] {
        c10::InferenceMode guard;
        auto &p = parameter(n, index);
        download(p.value, value);
        for (auto [tensor, out] : {std::pair{&p.grad, grad}, {&p.first, first}, {&p.second, second}}) {
            if (out == nullptr) continue;
            if (tensor->defined()) download(*tensor, out);
            else std::memset(out, 0, sizeof(float) * p.value.numel());
        }
        return SPK_TORCH_OK;
    });
}

int spk_torch_write_parameter(spk_torch_network *n, int index, const float *value, const float *first,
                              const float *second) {
    return spk::guarded([&] {
        c10::InferenceMode guard;
        auto &p = parameter(n, index);
        auto shape = p.value.sizes();
        if (value) p.value.copy_(n->upload(value, shape));
        if (first) p.first = n->upload(first, shape);
        if (second) p.second = n->upload(second, shape);
        return SPK_TORCH_OK;
    });
}

int spk_torch_spiking_count(const spk_torch_network *n) { return n ? int(n->spiking.size()) : 0; }

int spk_torch_firing_rates(const spk_torch_network *n, float *out) {
    return spk::guarded([&] {
        c10::InferenceMode guard;
        if (n == nullptr || out == nullptr) throw spk::ArgumentError("missing network or result");
        for (size_t i = 0; i < n->spiking.size(); ++i) {
            const auto &spikes = n->spiking[i]->traces().spikes;
            if (!spikes.defined()) throw spk::ArgumentError("no pass has run yet");
            out[i] = spikes.mean().item<float>();
        }
        return SPK_TORCH_OK;
    });
}

int spk_torch_read_trace(const spk_torch_network *n, int index, int trace, float *out, int64_t count) {
    return spk::guarded([&] {
        c10::InferenceMode guard;
        if (n == nullptr || index < 0 || size_t(index) >= n->spiking.size())
            throw spk::ArgumentError("no spiking layer " + std::to_string(index));
        const auto &traces = n->spiking[index]->traces();
        const at::Tensor *t = trace == 0 ? &traces.spikes : trace == 1 ? &traces.membrane
                            : trace == 2 ? &traces.current_gradient : &traces.psc;
        if (!t->defined()) throw spk::ArgumentError("trace " + std::to_string(trace) + " is not computed yet");
        if (t->numel() != count)
            throw spk::ArgumentError("trace has " + std::to_string(t->numel()) + " values, not " + std::to_string(count));
        download(*t, out);
        return SPK_TORCH_OK;
    });
}

}  // extern "C"
