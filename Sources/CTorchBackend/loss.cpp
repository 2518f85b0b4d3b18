// The squared-error losses on the device, as the CPU engine's `Loss.rateMSE` (STBP Eq. 9, BPSA's voting loss)
// and `Loss.perStepMSE` (multi-threshold Eq. 6).
#include "backend.hpp"

namespace spk {

std::pair<at::Tensor, at::Tensor> rate_mse(const at::Tensor &output, const at::Tensor &desired, int64_t steps,
                                           double factor) {
    const auto batch = desired.size(0), classes = desired.size(1);
    auto per_step = output.reshape({steps, batch, classes});
    auto diff = per_step.sum(0).div_(double(steps)).sub_(desired);
    auto loss = diff.square().sum().mul_(0.5 * factor);
    auto grad = diff.mul(factor / double(steps)).unsqueeze(0).expand({steps, batch, classes}).reshape(output.sizes());
    return {loss, grad};
}

std::pair<at::Tensor, at::Tensor> per_step_mse(const at::Tensor &output, const at::Tensor &desired, double factor) {
    auto diff = output - desired.reshape(output.sizes());
    return {diff.square().sum().mul_(0.5 * factor), diff.mul(factor)};
}

}  // namespace spk
