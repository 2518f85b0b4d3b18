// STBP (Wu et al. 2018): h = the surrogate h1–h4 of u − Vth, f = keep − throughReset, with
// keep = 1 − z·s and throughReset = (z·u + (1 − z)·Vth)·h unless the reset is detached (z = 1 for reset to zero).
#include "backend.hpp"

#include <cmath>

namespace spk {

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

RuleFactors stbp_factors(float threshold, bool reset_to_zero, Surrogate surrogate, float width, bool detach_reset) {
    return [=](const at::Tensor &u, const at::Tensor &s) {
        const double z = reset_to_zero ? 1 : 0, reset = detach_reset ? 0 : 1;
        auto h = surrogate_derivative(surrogate, u, threshold, width);
        auto through = (u * z + (1 - z) * threshold).mul_(reset).mul_(h);
        auto factor = (1 - s * z).sub_(through);
        return Factors{h, factor, at::Tensor()};
    };
}

}  // namespace spk
