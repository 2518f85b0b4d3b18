// The layers without parameters: non-overlapping average/max pooling, flatten, BPSA's vote, dropout.
#include "backend.hpp"

namespace spk {
namespace {

struct Pool : Layer {
    bool max;
    int64_t size;
    at::Tensor input, winners;

    at::Tensor forward(const at::Tensor &x, const Pass &) override {
        input = x;
        if (!max) return at::avg_pool2d(x, {size, size}, {size, size});
        auto [y, indices] = at::max_pool2d_with_indices(x, {size, size}, {size, size});
        winners = indices;
        return y;
    }

    Gradient backward(const Gradient &g, const Pass &, bool need_input) override {
        Gradient dx;
        if (need_input) {
            dx = g.map([&](const at::Tensor &e) {
                return max ? at::max_pool2d_with_indices_backward(e, input, {size, size}, {size, size}, {0, 0}, {1, 1},
                                                                   false, winners)
                           : at::avg_pool2d_backward(e, input, {size, size}, {size, size}, {0, 0}, false, true,
                                                     std::nullopt);
            });
        }
        input = winners = at::Tensor();
        return dx;
    }
};

struct Flatten : Layer {
    std::vector<int64_t> shape;

    at::Tensor forward(const at::Tensor &x, const Pass &) override {
        shape = x.sizes().vec();
        return x.reshape({x.size(0), -1});
    }

    Gradient backward(const Gradient &g, const Pass &, bool need_input) override {
        if (!need_input) return {};
        return g.map([&](const at::Tensor &e) { return e.reshape(shape); });
    }
};

/// Each class is the mean of its `voters` consecutive neurons (summed, then scaled, as the CPU engine).
struct Vote : Layer {
    int64_t classes, voters;

    at::Tensor forward(const at::Tensor &x, const Pass &) override {
        return x.reshape({x.size(0), classes, voters}).sum(2).mul_(1.0 / double(voters));
    }

    Gradient backward(const Gradient &g, const Pass &, bool need_input) override {
        if (!need_input) return {};
        return g.map([&](const at::Tensor &e) {
            return e.mul(1.0 / double(voters)).unsqueeze(2).expand({e.size(0), classes, voters}).reshape({e.size(0), -1});
        });
    }
};

/// Inverted dropout with one mask per sample shared by all time steps; the mask of each training pass comes from the
/// host (the CPU engine's, drawn from the seed and the pass), so both backends drop the same neurons.
struct Dropout : DropoutLayer {
    at::Tensor pass_mask;  // [B·neurons], set before a training pass; undefined: identity

    void set_mask(const at::Tensor &mask) override { pass_mask = mask; }

    at::Tensor forward(const at::Tensor &x, const Pass &pass) override {
        if (!pass.training || !pass_mask.defined()) {
            pass_mask = at::Tensor();
            return x;
        }
        return apply(x, pass.steps);
    }

    Gradient backward(const Gradient &g, const Pass &pass, bool need_input) override {
        Gradient out;
        if (need_input) out = pass_mask.defined() ? g.map([&](const at::Tensor &e) { return apply(e, pass.steps); }) : g;
        pass_mask = at::Tensor();  // used once
        return out;
    }

    at::Tensor apply(const at::Tensor &x, int64_t steps) const {
        return (x.reshape({steps, -1}) * pass_mask).reshape(x.sizes());
    }
};

}  // namespace

std::unique_ptr<DropoutLayer> make_dropout() { return std::make_unique<Dropout>(); }

std::unique_ptr<Layer> make_pool(bool max, int64_t size) {
    auto layer = std::make_unique<Pool>();
    layer->max = max;
    layer->size = size;
    return layer;
}

std::unique_ptr<Layer> make_flatten() { return std::make_unique<Flatten>(); }

std::unique_ptr<Layer> make_vote(int64_t classes, int64_t voters) {
    auto layer = std::make_unique<Vote>();
    layer->classes = classes;
    layer->voters = voters;
    return layer;
}

}  // namespace spk
