// SGD with momentum, Adam and AdamW, with the gradient-norm and weight clips, as the CPU engine's `Optimizer`:
// the same element-wise formulas, on the device.
#include "backend.hpp"
#include <spk_torch.h>

#include <cmath>

namespace spk {

void optimizer_step(const OptimizerSettings &o, const std::vector<Parameter *> &parameters, int64_t step,
                    double lr) {
    double scale = 1;
    if (o.grad_norm_clip > 0) {
        at::Tensor total;
        for (auto *p : parameters) {
            if (!p->trainable) continue;
            auto sq = p->grad.to(at::kDouble).square().sum();
            total = total.defined() ? total + sq : sq;
        }
        const double norm = total.sqrt().item<double>();
        if (norm > o.grad_norm_clip) scale = o.grad_norm_clip / norm;
    }
    const double t = double(step);
    for (auto *p : parameters) {
        if (!p->trainable) continue;
        auto g = scale == 1 ? p->grad : p->grad * scale;
        if (!p->first.defined()) p->first = at::zeros_like(p->value);
        if (o.kind == SPK_OPTIMIZER_SGD) {
            p->first.mul_(o.momentum).add_(g);
            p->value.sub_(p->first, lr);
        } else {
            if (!p->second.defined()) p->second = at::zeros_like(p->value);
            const double c1 = 1 - std::pow(double(o.beta1), t), c2 = 1 - std::pow(double(o.beta2), t);
            if (o.kind == SPK_OPTIMIZER_ADAMW && p->decays && o.weight_decay != 0) {
                p->value.sub_(p->value * (lr * o.weight_decay));
            }
            p->first.mul_(o.beta1).add_(g, 1 - o.beta1);
            p->second.mul_(o.beta2).addcmul_(g, g, 1 - o.beta2);
            auto denominator = p->second.div(c2).sqrt_().add_(o.epsilon);
            p->value.sub_(p->first.div(c1).div_(denominator).mul_(lr));
        }
        if (o.weight_clip > 0 && p->decays) p->value.clamp_(-o.weight_clip, o.weight_clip);
    }
}

}  // namespace spk
