// Dense and Conv2d: ATen's GEMM and convolution (cuBLAS/cuDNN on a GPU), with their explicit backward.
#include "backend.hpp"

namespace spk {
namespace {

struct Dense : Layer {
    Parameter weight, bias;  // [inputs, outputs], [outputs]
    at::Tensor input;

    at::Tensor forward(const at::Tensor &x, const Pass &pass) override {
        input = x.reshape({x.size(0), weight.value.size(0)});
        return at::addmm(bias.value, input, weight.value);
    }

    Gradient backward(const Gradient &g, const Pass &, bool need_input) override {
        weight.grad = at::mm(input.t(), g.signal);
        bias.grad = g.signal.sum(0);
        input = at::Tensor();
        return {need_input ? at::mm(g.propagated(), weight.value.t()) : at::Tensor()};
    }

    std::vector<Parameter *> parameters() override { return {&weight, &bias}; }
};

struct Conv : Layer {
    Parameter weight, bias;  // [out, in, k, k], [out]
    int64_t padding;
    at::Tensor input;

    at::Tensor forward(const at::Tensor &x, const Pass &pass) override {
        input = x;
        return at::convolution(x, weight.value, bias.value, {1, 1}, {padding, padding}, {1, 1}, false, {0, 0}, 1);
    }

    Gradient backward(const Gradient &g, const Pass &, bool need_input) override {
        const bool separate = g.downstream.defined();
        auto [dx, dw, db] = backward(g.signal, {need_input && !separate, true, true});
        weight.grad = dw;
        bias.grad = db;
        if (need_input && separate) dx = std::get<0>(backward(g.downstream, {true, false, false}));
        input = at::Tensor();
        return {dx};
    }

    std::tuple<at::Tensor, at::Tensor, at::Tensor> backward(const at::Tensor &g, std::array<bool, 3> mask) {
        return at::convolution_backward(g, input, weight.value, bias.value.sizes(), {1, 1}, {padding, padding}, {1, 1},
                                        false, {0, 0}, 1, mask);
    }

    std::vector<Parameter *> parameters() override { return {&weight, &bias}; }
};

}  // namespace

std::unique_ptr<Layer> make_dense(const at::Tensor &weight, const at::Tensor &bias) {
    auto layer = std::make_unique<Dense>();
    layer->weight = {weight, {}, {}, {}, true};
    layer->bias = {bias, {}, {}, {}, false};
    return layer;
}

std::unique_ptr<Layer> make_conv(const at::Tensor &weight, const at::Tensor &bias, int64_t padding) {
    auto layer = std::make_unique<Conv>();
    layer->weight = {weight, {}, {}, {}, true};
    layer->bias = {bias, {}, {}, {}, false};
    layer->padding = padding;
    return layer;
}

}  // namespace spk
