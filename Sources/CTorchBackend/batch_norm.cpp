// Batch normalisation per channel over [T·B, C, H, W] (statistics over all time steps, samples and positions, as the
// CPU engine's BatchNorm): ATen's native_batch_norm, which also updates the running statistics (unbiased variance,
// momentum), and its backward.
#include "backend.hpp"

namespace spk {
namespace {

struct BatchNorm : Layer {
    Parameter gamma, beta, running_mean, running_var;
    double momentum, epsilon;
    at::Tensor input, saved_mean, saved_inverse_std;
    bool trained = false;

    at::Tensor forward(const at::Tensor &x, const Pass &pass) override {
        auto [y, mean, inverse_std] = at::native_batch_norm(x, gamma.value, beta.value, running_mean.value,
                                                            running_var.value, pass.training, momentum, epsilon);
        input = x;
        saved_mean = mean;
        saved_inverse_std = inverse_std;
        trained = pass.training;
        return y;
    }

    Gradient backward(const Gradient &g, const Pass &, bool need_input) override {
        auto [dx, dgamma, dbeta] = backward(g.signal, {need_input, true, true});
        gamma.grad = dgamma;
        beta.grad = dbeta;
        Gradient out{dx};
        if (need_input && g.downstream.defined()) out.downstream = std::get<0>(backward(g.downstream, {true, false, false}));
        input = saved_mean = saved_inverse_std = at::Tensor();
        return out;
    }

    std::tuple<at::Tensor, at::Tensor, at::Tensor> backward(const at::Tensor &g, std::array<bool, 3> mask) {
        return at::native_batch_norm_backward(g, input, gamma.value, running_mean.value, running_var.value, saved_mean,
                                              saved_inverse_std, trained, epsilon, mask);
    }

    std::vector<Parameter *> parameters() override { return {&gamma, &beta, &running_mean, &running_var}; }
};

}  // namespace

std::unique_ptr<Layer> make_batch_norm(const at::Tensor &gamma, const at::Tensor &beta, const at::Tensor &running_mean,
                                       const at::Tensor &running_var, double momentum, double epsilon) {
    auto layer = std::make_unique<BatchNorm>();
    layer->gamma = {gamma, {}, {}, {}, false};
    layer->beta = {beta, {}, {}, {}, false};
    layer->running_mean = {running_mean, {}, {}, {}, false, false};
    layer->running_var = {running_var, {}, {}, {}, false, false};
    layer->momentum = momentum;
    layer->epsilon = epsilon;
    return layer;
}

}  // namespace spk
