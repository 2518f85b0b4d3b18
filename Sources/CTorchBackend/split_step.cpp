// A training step in two halves for data-parallel training: the gradient tensors of the last training pass (for a
// C++ caller that reduces them in place over the processes), then the optimizer step on them.
#include "network.hpp"

#include <c10/core/InferenceMode.h>

#include <string>

extern "C" int spk_torch_gradients(spk_torch_network *n, void **tensors, int capacity, int *count) {
    return spk::guarded([&] {
        if (n == nullptr || count == nullptr) throw spk::ArgumentError("missing network or count");
        int found = 0;
        for (auto *p : n->parameters) {
            if (!p->trainable) continue;
            if (!p->grad.defined()) throw spk::ArgumentError("no training pass has run yet: there are no gradients");
            if (tensors != nullptr) {
                if (found >= capacity)
                    throw spk::ArgumentError("room for " + std::to_string(capacity) + " gradients, the network has more");
                tensors[found] = &p->grad;
            }
            ++found;
        }
        *count = found;
        return SPK_TORCH_OK;
    });
}

extern "C" int spk_torch_step(spk_torch_network *n, int64_t step, float learning_rate) {
    return spk::guarded([&] {
        c10::InferenceMode guard;
        if (n == nullptr) throw spk::ArgumentError("missing network");
        if (step < 1) throw spk::ArgumentError("optimizer steps count from 1, not " + std::to_string(step));
        // The fault injection of spk_torch_fail_with_out_of_memory: a split step's training pass runs as step 0.
        TORCH_CHECK_WITH(OutOfMemoryError, step != n->out_of_memory_at_step, "out of memory (injected at step ", step, ")");
        spk::optimizer_step(n->optimizer, n->parameters, step, learning_rate);
        return SPK_TORCH_OK;
    });
}
