// LIF neurons (any `LeakyNeuron` of the CPU engine, and the multi-threshold LIF) in ATen operations: the forward
// time loop u = decay·u_post + I, s = [u ≥ Vth] (multi-threshold: ⌊u/Vth⌋ clamped to 0…S_max),
// u_post = u − s·(u or Vth); the backward recurrence shared by the rules,
// g[t] = grad[t]·h[t] + carry·f[t], carry = decay·g[t], whose element-wise h and f the rule computes for all T steps
// at once, so the loop itself is two operations per step.
#include "backend.hpp"

namespace spk {
namespace {

struct LIF : SpikingLayer {
    float decay, threshold;
    bool reset_to_zero;
    int max_spikes;
    RuleFactors rule;
    SpikingTraces saved;
    std::vector<int64_t> shape;

    at::Tensor forward(const at::Tensor &x, const Pass &pass) override {
        shape = x.sizes().vec();
        auto current = x.reshape({pass.steps, -1});
        auto u = at::empty_like(current), s = at::empty_like(current);
        auto v = at::zeros({current.size(1)}, current.options());
        for (int64_t t = 0; t < pass.steps; ++t) {
            auto m = u[t], spike = s[t];
            at::add_out(m, current[t], v, decay);  // I + decay·v, one rounding each as the engine's decay·v + I
            if (max_spikes == 0) at::ge_out(spike, m, threshold);
            else at::clamp_out(spike, at::floor(m / threshold), 0, max_spikes);
            // u_post = u − s·(u or Vth)
            v = reset_to_zero ? m - spike * m : m - spike * threshold;
        }
        saved = {s, u, at::Tensor()};
        return s.reshape(shape);
    }

    Gradient backward(const Gradient &g, const Pass &pass, bool) override {
        auto [h, factor, down] = rule(saved.membrane, saved.spikes);
        auto grad = g.signal.reshape({pass.steps, -1});
        auto drive = grad * h;
        auto gu = at::empty_like(drive);
        auto carry = at::zeros({drive.size(1)}, drive.options());
        for (int64_t t = pass.steps - 1; t >= 0; --t) {
            auto out = gu[t];
            at::addcmul_out(out, drive[t], carry, factor[t]);
            carry = out * decay;
        }
        saved.current_gradient = gu;
        return {gu.reshape(shape), down.defined() ? (grad * down).reshape(shape) : at::Tensor()};
    }

    const SpikingTraces &traces() const override { return saved; }
};

}  // namespace

std::unique_ptr<SpikingLayer> make_lif(float decay, float threshold, bool reset_to_zero, int max_spikes,
                                       RuleFactors rule) {
    auto layer = std::make_unique<LIF>();
    layer->decay = decay;
    layer->threshold = threshold;
    layer->reset_to_zero = reset_to_zero;
    layer->max_spikes = max_spikes;
    layer->rule = std::move(rule);
    return layer;
}

}  // namespace spk
