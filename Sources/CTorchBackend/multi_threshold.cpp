// Multi-threshold rule (Xu et al.): the surrogate ∂s/∂u of the spike count, curve f1 (Σ_i i·α_H·exp(−(u − i·Vth)²·i/α_W)),
// f2 (Σ_i α_H·exp(−(u − i·Vth)²/α_W)) or f3 (a trapezoid up to (S_max + 1)·Vth). The paper's mode runs Eq. 12
// backwards, q[t] = (δ[t] + decay·q[t+1]) / (1 + f·Vth) with δ = grad·f, and propagates δ (Eq. 9) to the layer below;
// the BPTT modes use g[t] = grad·f + carry·(1 − [through reset]·Vth·f).
#include "backend.hpp"

namespace spk {
namespace {

at::Tensor curve_derivative(const at::Tensor &u, float threshold, int max_spikes, int curve, float alpha_h,
                            float alpha_w) {
    if (curve == 3) {
        const double vth = threshold, smax = max_spikes;
        auto type = u.scalar_type();
        auto rising = u.ge(0).logical_and(u.lt(vth)).to(type) * (u * (alpha_h / vth));
        auto flat = u.ge(vth).logical_and(u.lt(smax * vth)).to(type) * alpha_h;
        auto falling = u.ge(smax * vth).logical_and(u.lt((smax + 1) * vth)).to(type) * ((smax + 1) - u / vth) * alpha_h;
        return rising + flat + falling;
    }
    auto sum = at::zeros_like(u);
    for (int i = 1; i <= std::max(1, max_spikes); ++i) {
        auto d = u - double(i) * threshold;
        if (curve == 1) sum.add_((d * d).div_(-(alpha_w / double(i))).exp_().mul_(double(i) * alpha_h));
        else sum.add_((d * d).div_(-double(alpha_w)).exp_().mul_(alpha_h));
    }
    return sum;
}

}  // namespace

RuleFactors multi_threshold_factors(float threshold, int max_spikes, float decay, int curve, float alpha_h,
                                    float alpha_w, int mode) {
    if (curve < 1 || curve > 3 || mode < 0 || mode > 2) throw ArgumentError("unknown multi-threshold curve or mode");
    return [=](const at::Tensor &u, const at::Tensor &) {
        auto f = curve_derivative(u, threshold, max_spikes, curve, alpha_h, alpha_w);
        if (mode == 0) {
            auto inverse = (f * threshold).add_(1).reciprocal_();
            return Factors{f * inverse, inverse, f};
        }
        const double through = mode == 2 ? 1 : 0;
        return Factors{f, 1 - f * (through * threshold), at::Tensor()};
    };
}

}  // namespace spk
