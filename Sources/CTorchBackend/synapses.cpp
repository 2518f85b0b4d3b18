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

    at::Tensor backward(const at::Tensor &g, const Pass &, bool need_input) override {
        weight.grad = at::mm(input.t(), g);
        bias.grad = g.sum(0);
        input = at::Tensor();
        return need_input ? at::mm(g, weight.value.t()) : at::Tensor();
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

    at::Tensor backward(const at::Tensor &g, const Pass &, bool need_input) override {
        auto [dx, dw, db] = at::convolution_backward(g, input, weight.value, bias.value.sizes(), {1, 1},
                                                     {padding, padding}, {1, 1}, false, {0, 0}, 1,
                                                     {need_input, true, true});
        weight.grad = dw;
        bias.grad = db;
        input = at::Tensor();
        return dx;
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
