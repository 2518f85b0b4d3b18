// The all-reduce of a torch backend network's gradient tensors in place, on their own device, in flattened buckets
// as DistributedDataParallel reduces them. CPU tensors only (Gloo): a ProcessGroupNCCL for CUDA tensors needs
// nccl.h and libtorch_cuda.so at link time, which the CPU build must not need (docs/DISTRIBUTED.md, not done).
#include "group.hpp"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace {

/// Consecutive tensors on one device of together about `bucket_bytes` (at least one tensor each).
std::vector<std::vector<at::Tensor *>> buckets(const std::vector<at::Tensor *> &tensors, int64_t bucket_bytes) {
    std::vector<std::vector<at::Tensor *>> out;
    int64_t bytes = 0;
    for (auto *t : tensors) {
        if (out.empty() || bytes >= bucket_bytes || out.back().front()->device() != t->device()) {
            out.emplace_back();
            bytes = 0;
        }
        out.back().push_back(t);
        bytes += t->numel() * t->element_size();
    }
    return out;
}

/// The group's backend for tensors on `device`.
c10d::Backend &backend_for(spk_dist_group &group, const c10::Device &device) {
    if (!device.is_cpu()) {
        throw std::invalid_argument("gradients on " + device.str() + " cannot be reduced: only CPU tensors (Gloo) are, "
                                    "NCCL for CUDA is not built");
    }
    return *group.backend;
}

}  // namespace

extern "C" int spk_dist_allreduce_tensors(spk_dist_group *group, void *const *tensors, int count, int average,
                                          int64_t bucket_bytes) {
    return spk::dist::guarded(SPK_DIST_PEER_LOST, group, [&] {
        if (group == nullptr) throw std::invalid_argument("no group");
        if (count < 0 || (count > 0 && tensors == nullptr)) throw std::invalid_argument("no tensors");
        if (bucket_bytes < 1) throw std::invalid_argument("the bucket size must be positive");
        std::vector<at::Tensor *> all;
        for (int i = 0; i < count; ++i) {
            auto *t = static_cast<at::Tensor *>(tensors[i]);
            if (t == nullptr || !t->defined()) throw std::invalid_argument("tensor " + std::to_string(i) + " is missing");
            if (t->scalar_type() != at::kFloat) throw std::invalid_argument("tensor " + std::to_string(i) + " is not float32");
            all.push_back(t);
        }
        // Every bucket's reduction starts before the first is waited for (Gloo and NCCL run them in order).
        struct Flight {
            std::vector<at::Tensor *> members;
            at::Tensor flat;
            c10::intrusive_ptr<c10d::Work> work;
        };
        std::vector<Flight> flights;
        for (auto &members : buckets(all, bucket_bytes)) {
            std::vector<at::Tensor> pieces;
            for (auto *t : members) pieces.push_back(t->reshape({-1}));
            std::vector<at::Tensor> flat{at::cat(pieces)};
            c10d::AllreduceOptions options;
            options.reduceOp = c10d::ReduceOp::SUM;  // Gloo has no AVG: divided below, the same on every backend
            auto work = backend_for(*group, flat[0].device()).allreduce(flat, options);
            flights.push_back({members, flat[0], work});
        }
        // The flat buckets are ordinary tensors (made outside inference mode, so Gloo's threads may write them); the
        // torch backend's gradients are inference tensors, changed in place only in inference mode.
        c10::InferenceMode guard;
        for (auto &flight : flights) {
            flight.work->wait();  // rethrows a closed connection or a time-out
            if (average != 0 && group->world_size > 1) flight.flat.div_(group->world_size);
            int64_t offset = 0;
            for (auto *t : flight.members) {
                t->copy_(flight.flat.narrow(0, offset, t->numel()).view(t->sizes()));
                offset += t->numel();
            }
        }
        return SPK_DIST_OK;
    });
}
