// The losses on the device, as the CPU engine's `Loss`: rate MSE (STBP Eq. 9, BPSA's voting loss), spike-count
// MSE, per-step MSE (multi-threshold Eq. 6; TSSL-BP's PSC loss, Eq. 7, is the same against desired PSCs) and
// softmax cross-entropy on the scaled mean rate.
#include "backend.hpp"

namespace spk {

std::pair<at::Tensor, at::Tensor> count_mse(const at::Tensor &output, const at::Tensor &desired, int64_t steps,
                                            double factor, bool mean_rate) {
    const auto batch = desired.size(0), classes = desired.size(1);
    auto per_step = output.reshape({steps, batch, classes});
    auto total = per_step.sum(0);
    auto diff = (mean_rate ? total.div_(double(steps)) : total).sub_(desired);
    auto loss = diff.square().sum().mul_(0.5 * factor);
    auto grad = diff.mul(mean_rate ? factor / double(steps) : factor).unsqueeze(0).expand({steps, batch, classes});
    return {loss, grad.reshape(output.sizes())};
}

std::pair<at::Tensor, at::Tensor> cross_entropy(const at::Tensor &output, const at::Tensor &one_hot, int64_t steps,
                                                double scale, double factor) {
    const auto batch = one_hot.size(0), classes = one_hot.size(1);
    auto logits = output.reshape({steps, batch, classes}).sum(0).mul_(scale / double(steps));
    auto log_p = at::log_softmax(logits, 1);
    auto loss = (log_p * one_hot).sum().neg_().mul_(factor);
    auto grad = (log_p.exp() - one_hot).mul_(factor * scale / double(steps)).unsqueeze(0).expand({steps, batch, classes});
    return {loss, grad.reshape(output.sizes())};
}

std::pair<at::Tensor, at::Tensor> per_step_mse(const at::Tensor &output, const at::Tensor &desired, double factor) {
    auto diff = output - desired.reshape(output.sizes());
    return {diff.square().sum().mul_(0.5 * factor), diff.mul(factor)};
}

}  // namespace spk
