// Dense and Conv2d: ATen's GEMM and convolution (cuBLAS/cuDNN on a GPU), with their explicit backward.
#include "backend.hpp"

namespace spk {
namespace {

struct Dense : Layer {
    Parameter weight, bias;  // [inputs, outputs], [outputs]
    at::Tensor input;

    at::Tensor forward(const at::Tensor &x, const Pass &pass) override {
        input = x.reshape({x.size(0), weight.value.size(0)}).to(pass.matmul);
        return at::addmm(bias.value.to(pass.matmul), input, weight.value.to(pass.matmul)).to(at::kFloat);
    }

    Gradient backward(const Gradient &g, const Pass &pass, bool need_input) override {
        weight.grad = at::mm(input.t(), g.signal.to(pass.matmul)).to(at::kFloat);
        bias.grad = g.signal.sum(0);
        input = at::Tensor();
        return {need_input
                    ? at::mm(g.propagated().to(pass.matmul), weight.value.to(pass.matmul).t()).to(at::kFloat)
                    : at::Tensor()};
    }

    std::vector<Parameter *> parameters() override { return {&weight, &bias}; }
};

struct Conv : Layer {
    Parameter weight, bias;  // [out, in, k, k], [out]
    int64_t padding;
    at::Tensor input;

    at::Tensor forward(const at::Tensor &x, const Pass &pass) override {
        input = x.to(pass.matmul);
        return at::convolution(input, weight.value.to(pass.matmul), bias.value.to(pass.matmul), {1, 1},
                               {padding, padding}, {1, 1}, false, {0, 0}, 1)
            .to(at::kFloat);
    }

    Gradient backward(const Gradient &g, const Pass &pass, bool need_input) override {
        const bool separate = g.downstream.defined();
        auto [dx, dw, db] = backward(g.signal, pass, {need_input && !separate, true, true});
        weight.grad = dw;
        bias.grad = db;
        if (need_input && separate) dx = std::get<0>(backward(g.downstream, pass, {true, false, false}));
        input = at::Tensor();
        return {dx};
    }

    /// Float32 gradients (computed on the pass's element type: bfloat16 operands under --precision bf16).
    std::tuple<at::Tensor, at::Tensor, at::Tensor> backward(const at::Tensor &g, const Pass &pass,
                                                            std::array<bool, 3> mask) {
        auto [dx, dw, db] = at::convolution_backward(g.to(pass.matmul), input, weight.value.to(pass.matmul),
                                                     bias.value.sizes(), {1, 1}, {padding, padding}, {1, 1}, false,
                                                     {0, 0}, 1, mask);
        auto full = [](const at::Tensor &t) { return t.defined() ? t.to(at::kFloat) : t; };
        return {full(dx), full(dw), full(db)};
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
