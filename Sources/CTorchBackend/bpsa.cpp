// BPSA (Shen et al. 2022): h = 1/u where the neuron fired, else 0 (Eq. 9), f = keep + α·h (BPTA's temporal
// residual, Eq. 10; α = 0 is BPSA alone), keep = 1 − s for reset to zero; with the warm-up, a neuron silent through
// the whole window gets the sigmoid surrogate for h instead.
#include "backend.hpp"

namespace spk {

RuleFactors bpsa_factors(float threshold, bool reset_to_zero, float alpha, bool warm_up, float warm_up_width) {
    return [=](const at::Tensor &u, const at::Tensor &s) {
        // s / (u·s + 1 − s): 1/u where s = 1, exactly 0 where s = 0 (no division by a zero membrane)
        auto h = s / (u * s + (1 - s));
        if (warm_up) {
            auto silent = s.amax(0, true).eq(0).to(u.scalar_type());
            h.add_(silent * surrogate_derivative(Surrogate::sigmoid, u, threshold, warm_up_width));
        }
        auto factor = (reset_to_zero ? 1 - s : at::ones_like(s)).add_(h, alpha);
        return Factors{h, factor, at::Tensor()};
    };
}

}  // namespace spk
