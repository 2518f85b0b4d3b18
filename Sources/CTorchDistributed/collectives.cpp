// The collectives on the caller's CPU memory (tensors made with from_blob, reduced in place by Gloo).
#include "group.hpp"

#include <ATen/ATen.h>

#include <stdexcept>
#include <string>
#include <vector>

struct spk_dist_work {
    c10::intrusive_ptr<c10d::Work> work;
    at::Tensor tensor;
    int divisor;
};

namespace {

void check(spk_dist_group *group, const void *data, int64_t count) {
    if (group == nullptr) throw std::invalid_argument("no group");
    if (count < 0 || (count > 0 && data == nullptr)) throw std::invalid_argument("no buffer of " + std::to_string(count));
}

template <typename T> at::Tensor wrap(T *data, int64_t count) {
    return at::from_blob(const_cast<std::remove_const_t<T> *>(data), {count}, c10::CppTypeToScalarType<std::remove_const_t<T>>::value);
}

void finish(const c10::intrusive_ptr<c10d::Work> &work) {
    // wait() rethrows Gloo's failure (a closed connection, a timeout).
    work->wait();
}

}  // namespace

extern "C" int spk_dist_allreduce_start(spk_dist_group *group, float *data, int64_t count, int average,
                                        spk_dist_work **out) {
    return spk::dist::guarded(SPK_DIST_PEER_LOST, group, [&] {
        check(group, data, count);
        std::vector<at::Tensor> tensors{wrap(data, count)};
        c10d::AllreduceOptions options;
        options.reduceOp = c10d::ReduceOp::SUM;  // Gloo has no AVG: the sum is divided when it ends
        auto work = group->backend->allreduce(tensors, options);
        *out = new spk_dist_work{work, tensors[0], average != 0 ? group->world_size : 1};
        return SPK_DIST_OK;
    });
}

extern "C" int spk_dist_wait(spk_dist_group *group, spk_dist_work *work) {
    std::unique_ptr<spk_dist_work> owned(work);
    return spk::dist::guarded(SPK_DIST_PEER_LOST, group, [&] {
        if (owned == nullptr) throw std::invalid_argument("no work");
        finish(owned->work);
        if (owned->divisor > 1) owned->tensor.div_(owned->divisor);
        return SPK_DIST_OK;
    });
}

extern "C" int spk_dist_allreduce_sum_f64(spk_dist_group *group, double *data, int64_t count) {
    return spk::dist::guarded(SPK_DIST_PEER_LOST, group, [&] {
        check(group, data, count);
        std::vector<at::Tensor> tensors{wrap(data, count)};
        finish(group->backend->allreduce(tensors));
        return SPK_DIST_OK;
    });
}

extern "C" int spk_dist_broadcast_f32(spk_dist_group *group, float *data, int64_t count, int root) {
    return spk::dist::guarded(SPK_DIST_PEER_LOST, group, [&] {
        check(group, data, count);
        if (root < 0 || root >= group->world_size) throw std::invalid_argument("root " + std::to_string(root) + " is not a rank");
        std::vector<at::Tensor> tensors{wrap(data, count)};
        c10d::BroadcastOptions options;
        options.rootRank = root;
        finish(group->backend->broadcast(tensors, options));
        return SPK_DIST_OK;
    });
}

extern "C" int spk_dist_allgather_u64(spk_dist_group *group, const uint64_t *values, int64_t count, uint64_t *out) {
    return spk::dist::guarded(SPK_DIST_PEER_LOST, group, [&] {
        check(group, values, count);
        check(group, out, count);
        // Gloo gathers int64 (no uint64 tensors in ATen): the same bits.
        std::vector<at::Tensor> input{wrap(reinterpret_cast<const int64_t *>(values), count)};
        std::vector<std::vector<at::Tensor>> output(1);
        for (int r = 0; r < group->world_size; r++) output[0].push_back(wrap(reinterpret_cast<int64_t *>(out) + r * count, count));
        finish(group->backend->allgather(output, input));
        return SPK_DIST_OK;
    });
}

extern "C" int spk_dist_barrier(spk_dist_group *group) {
    return spk::dist::guarded(SPK_DIST_PEER_LOST, group, [&] {
        check(group, nullptr, 0);
        finish(group->backend->barrier());
        return SPK_DIST_OK;
    });
}

extern "C" int spk_dist_store_set(spk_dist_group *group, const char *key) {
    return spk::dist::guarded(SPK_DIST_PEER_LOST, group, [&] {
        check(group, key, 1);
        group->store->set(std::string("spk/flag/") + key, std::vector<uint8_t>{1});
        return SPK_DIST_OK;
    });
}

extern "C" int spk_dist_store_wait(spk_dist_group *group, const char *key, int64_t timeout_ms) {
    return spk::dist::guarded(SPK_DIST_PEER_LOST, group, [&] {
        check(group, key, 1);
        group->store->wait({std::string("spk/flag/") + key}, std::chrono::milliseconds(timeout_ms));
        return SPK_DIST_OK;
    });
}
