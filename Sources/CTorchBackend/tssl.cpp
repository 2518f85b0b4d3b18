// TSSL-BP (Zhang & Li 2020) on synaptic LIF neurons, as the CPU engine's `SynapticLIF` + `TSSLBP`: the forward loop
// u = (1 − 1/τm)·u_post + I, s = [u ≥ Vth], du = u − u_post[t−1], PSC a = (1 − 1/τs)·a + s/τs (the layer's output);
// the backward recurrence per neuron, backwards in time, E = grad/τs + (1 − 1/τs)·E,
// δ = c(du)·(E + θ·R/τm) at firing steps (with `leak` at every step, plus θ·(1 − 1/τm) where silent),
// θ = δ where it fired, else θ·(1 − 1/τm); the warm-ups replace δ by E·σ′(u).
#include "backend.hpp"

namespace spk {
namespace {

struct SynapticLIF : SpikingLayer {
    float tau_m, tau_s, threshold;
    bool reset_to_zero;
    TSSLOptions rule;
    SpikingTraces saved;
    at::Tensor change;
    std::vector<int64_t> shape;

    at::Tensor forward(const at::Tensor &x, const Pass &pass) override {
        shape = x.sizes().vec();
        auto current = x.reshape({pass.steps, -1});
        auto u = at::empty_like(current), s = at::empty_like(current), du = at::empty_like(current),
             a = at::empty_like(current);
        auto v = at::zeros({current.size(1)}, current.options()), psc = at::zeros_like(v);
        const float decay = 1 - 1 / tau_m, psc_decay = 1 - 1 / tau_s;  // rounded as the engine's
        for (int64_t t = 0; t < pass.steps; ++t) {
            auto m = u[t], spike = s[t], rise = du[t], out = a[t];
            at::add_out(m, current[t], v, decay);
            at::ge_out(spike, m, threshold);
            at::sub_out(rise, m, v);
            at::add_out(out, spike / tau_s, psc, psc_decay);
            psc = out;
            v = reset_to_zero ? m - spike * m : m - spike * threshold;
        }
        saved = {s, u, at::Tensor(), a};
        change = du;
        return a.reshape(shape);
    }

    /// The reference code's warm-up sigmoid σ′(u), its exponent clamped to ±8.
    at::Tensor warm_up_derivative(const at::Tensor &u) const {
        auto f = ((threshold - u) / rule.warm_up_width).clamp_(-8, 8).exp_();
        return f / ((f + 1) * (f + 1) * rule.warm_up_width);
    }

    Gradient backward(const Gradient &g, const Pass &pass, bool) override {
        const auto &u = saved.membrane, &s = saved.spikes;
        auto grad = g.signal.reshape({pass.steps, -1});
        const float decay = 1 - 1 / tau_m, psc_decay = 1 - 1 / tau_s;
        auto gu = at::empty_like(grad);
        auto e = at::zeros({grad.size(1)}, grad.options());
        if (rule.warm_up == TSSLOptions::layer_rate && s.mean().item<float>() <= rule.warm_up_rate) {
            auto warm = warm_up_derivative(u);
            for (int64_t t = pass.steps - 1; t >= 0; --t) {
                e = grad[t] / tau_s + psc_decay * e;
                auto out = gu[t];
                at::mul_out(out, e, warm[t]);
            }
        } else {
            // −∂t/∂u: the code's −clamp(−1/Δu, −8, 0), or the paper's 1/Δu where Δu > 0
            auto c = rule.clamp_time_derivative
                ? (-1 / change).clamp_(-8, 0).neg_()
                : at::where(change > 0, 1 / change, at::zeros_like(change));
            auto reset = reset_to_zero ? u : at::full_like(u, threshold);
            auto silent = 1 - s;
            auto warm = rule.warm_up == TSSLOptions::per_element ? warm_up_derivative(u) : at::Tensor();
            auto low = rule.warm_up == TSSLOptions::per_element ? saved.psc < 1 / (4 * tau_s) : at::Tensor();
            auto theta = at::zeros_like(e);
            for (int64_t t = pass.steps - 1; t >= 0; --t) {
                e = grad[t] / tau_s + psc_decay * e;
                auto delta = c[t] * (e + theta * reset[t] / tau_m);
                delta = rule.leak ? delta + silent[t] * theta * decay : delta * s[t];
                theta = s[t] * delta + silent[t] * theta * decay;
                auto out = gu[t];
                if (warm.defined()) at::where_out(out, low[t], e * warm[t], delta);
                else out.copy_(delta);
            }
        }
        saved.current_gradient = gu;
        return {gu.reshape(shape), at::Tensor()};
    }

    const SpikingTraces &traces() const override { return saved; }
};

/// The unweighted PSC of the input spikes (always the first layer: it never passes an error down).
struct SynapticFilter : Layer {
    float tau_s;

    at::Tensor forward(const at::Tensor &x, const Pass &pass) override {
        auto frames = x.reshape({pass.steps, -1});
        auto a = at::empty_like(frames);
        auto psc = at::zeros({frames.size(1)}, frames.options());
        for (int64_t t = 0; t < pass.steps; ++t) {
            auto out = a[t];
            at::add_out(out, frames[t] / tau_s, psc, 1 - 1 / tau_s);
            psc = out;
        }
        return a.reshape(x.sizes());
    }

    Gradient backward(const Gradient &, const Pass &, bool) override {
        throw ArgumentError("the synaptic filter is the first layer; nothing propagates through it");
    }
};

}  // namespace

std::unique_ptr<SpikingLayer> make_synaptic_lif(float tau_m, float tau_s, float threshold, bool reset_to_zero,
                                                TSSLOptions rule) {
    auto layer = std::make_unique<SynapticLIF>();
    layer->tau_m = tau_m;
    layer->tau_s = tau_s;
    layer->threshold = threshold;
    layer->reset_to_zero = reset_to_zero;
    layer->rule = rule;
    return layer;
}

std::unique_ptr<Layer> make_synaptic_filter(float tau_s) {
    auto layer = std::make_unique<SynapticFilter>();
    layer->tau_s = tau_s;
    return layer;
}

}  // namespace spk
