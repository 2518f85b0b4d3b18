// LIF neurons trained by STBP (Wu et al. 2018), the CPU engine's LIF + STBP in ATen operations: the forward time
// loop u = decay·u_post + I, s = [u ≥ Vth], u_post = u − s·(u or Vth); the backward recurrence
// g[t] = grad[t]·h(u[t]) + carry·(keep[t] − throughReset[t]), carry = decay·g[t], whose element-wise factors are
// computed for all T steps at once so the loop itself is two operations per step.
#include "backend.hpp"

#include <cmath>

namespace spk {
namespace {

/// |u − Vth| as max(d, −d): libtorch's C++ has no meta kernel for abs, and the meta device runs these too.
at::Tensor surrogate_derivative(Surrogate kind, const at::Tensor &u, double threshold, double a) {
    auto d = u - threshold;
    auto m = at::maximum(d, d.neg());
    switch (kind) {
    case Surrogate::rectangular:  // h1: 1/a on |d| < a/2
        return m.lt(a / 2).to(u.scalar_type()).mul_(1 / a);
    case Surrogate::triangular: {  // h2: √a/2 − a/4·|d| on |d| < 2/√a
        const double r = std::sqrt(a);
        return m.lt(2 / r).to(u.scalar_type()).mul_(m.mul(-a / 4).add_(r / 2));
    }
    case Surrogate::sigmoid: {  // h3: e/(a(1+e)²), e = exp(−|d|/a)
        auto e = m.div_(-a).exp_();
        auto one_plus = e + 1;
        return e.div_(one_plus.mul_(one_plus).mul_(a));
    }
    case Surrogate::gaussian:  // h4: exp(−d²/2a)/√(2πa)
        return d.mul(d).div_(-2 * a).exp_().div_(std::sqrt(2 * M_PI * a));
    }
    throw ArgumentError("unknown surrogate");
}

struct LIFSTBP : SpikingLayer {
    float decay, threshold, width;
    bool reset_to_zero, detach_reset;
    Surrogate surrogate;
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
            at::ge_out(spike, m, threshold);
            // u_post = u − s·(u or Vth)
            v = reset_to_zero ? m - spike * m : m - spike * threshold;
        }
        saved = {s, u, at::Tensor()};
        return s.reshape(shape);
    }

    at::Tensor backward(const at::Tensor &g, const Pass &pass, bool) override {
        const auto &u = saved.membrane, &s = saved.spikes;
        const double z = reset_to_zero ? 1 : 0, reset = detach_reset ? 0 : 1;
        auto d = surrogate_derivative(surrogate, u, threshold, width);
        // keep − throughReset = (1 − z·s) − reset·(z·u + (1 − z)·Vth)·h(u)
        auto through = (u * z + (1 - z) * threshold).mul_(reset).mul_(d);
        auto factor = (1 - s * z).sub_(through);
        auto drive = g.reshape({pass.steps, -1}) * d;
        auto gu = at::empty_like(drive);
        auto carry = at::zeros({drive.size(1)}, drive.options());
        for (int64_t t = pass.steps - 1; t >= 0; --t) {
            auto out = gu[t];
            at::addcmul_out(out, drive[t], carry, factor[t]);
            carry = out * decay;
        }
        saved.current_gradient = gu;
        return gu.reshape(shape);
    }

    const SpikingTraces &traces() const override { return saved; }
};

}  // namespace

std::unique_ptr<SpikingLayer> make_lif_stbp(float decay, float threshold, bool reset_to_zero, Surrogate surrogate,
                                            float width, bool detach_reset) {
    auto layer = std::make_unique<LIFSTBP>();
    layer->decay = decay;
    layer->threshold = threshold;
    layer->reset_to_zero = reset_to_zero;
    layer->surrogate = surrogate;
    layer->width = width;
    layer->detach_reset = detach_reset;
    return layer;
}

}  // namespace spk
