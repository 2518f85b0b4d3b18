// Batches staged for the device: written once into host memory as the cache stores them (uint8/uint16 counts or
// floats, [B, T, C, H, W]); on CUDA into page-locked buffers copied without blocking on a side stream while the
// previous pass computes, an event ordering the copy before the pass; on the CPU read in place (zero-copy). The
// conversion (to float, clip, time-major) runs on the device in ATen.
#include "input.hpp"

#include <c10/core/Event.h>
#include <c10/core/StreamGuard.h>
#include <c10/core/impl/VirtualGuardImpl.h>

#include <mutex>
#include <optional>

struct spk_torch_stage {
    c10::Device device{c10::kCPU};
    /// CUDA: the stream the copies run on.
    std::optional<c10::Stream> side;
    std::mutex lock;
    /// Page-locked buffers whose copies are done or pending (each with the event of its last copy).
    std::vector<std::pair<at::Tensor, std::shared_ptr<c10::Event>>> spare;

    bool cuda() const { return device.is_cuda(); }

    /// A host buffer of `bytes` bytes: a spare one large enough (after its last copy finished), else a new one.
    at::Tensor take(int64_t bytes) {
        if (!cuda()) return at::empty({bytes}, at::TensorOptions().dtype(at::kByte));
        std::unique_lock<std::mutex> guard(lock);
        for (size_t i = 0; i < spare.size(); ++i) {
            if (spare[i].first.numel() < bytes) continue;
            auto [buffer, event] = std::move(spare[i]);
            spare.erase(spare.begin() + i);
            guard.unlock();
            if (event) event->synchronize();  // not overwritten while its copy is in flight
            return buffer;
        }
        guard.unlock();
        return at::empty({bytes}, at::TensorOptions().dtype(at::kByte).pinned_memory(true));
    }

    void give_back(at::Tensor buffer, std::shared_ptr<c10::Event> event) {
        if (!cuda()) return;
        std::lock_guard<std::mutex> guard(lock);
        spare.emplace_back(std::move(buffer), std::move(event));
    }
};

struct spk_torch_input {
    spk_torch_stage *stage;
    at::Tensor buffer;  // bytes on the host
    at::Tensor host;    // the batch, a view of `buffer`
    at::Tensor device;  // after submit
    std::shared_ptr<c10::Event> copied;
    bool binary;
    bool consumed = false;

    ~spk_torch_input() {
        // A copy never waited on by a pass: the device memory it writes must not be reused before it is done.
        if (copied && !consumed) copied->synchronize();
        stage->give_back(std::move(buffer), copied);
    }
};

namespace spk {

at::Tensor device_batch(spk_torch_input *input, const c10::Device &device, std::vector<int64_t> &sizes) {
    if (input == nullptr) throw ArgumentError("missing staged batch");
    if (!input->device.defined()) throw ArgumentError("the staged batch was not submitted");
    if (input->device.device() != device)
        throw ArgumentError("the batch was staged for " + input->device.device().str() + ", the network is on " +
                            device.str());
    if (input->copied) {  // the pass's stream waits for the copy
        c10::impl::VirtualGuardImpl impl(device.type());
        input->copied->block(impl.getStream(device));
        input->consumed = true;
    }
    const auto &x = input->device;
    sizes = x.sizes().vec();
    const int64_t batch = sizes[0], steps = sizes[1];
    // One write: the transposing copy converts the element type too.
    auto out = at::empty({steps, batch, sizes[2], sizes[3], sizes[4]}, x.options().dtype(at::kFloat));
    out.copy_(x.transpose(0, 1));
    if (input->binary) out.clamp_max_(1);
    return out.view({steps * batch, sizes[2], sizes[3], sizes[4]});
}

}  // namespace spk

extern "C" {

int spk_torch_stage_create(const char *device, spk_torch_stage **out) {
    return spk::guarded([&] {
        if (device == nullptr || out == nullptr) throw spk::ArgumentError("missing device or result");
        auto stage = std::make_unique<spk_torch_stage>();
        stage->device = spk::open_device(device);
        if (stage->cuda()) {
            c10::impl::VirtualGuardImpl impl(c10::kCUDA);
            stage->side = impl.getStreamFromGlobalPool(stage->device, false);
        }
        *out = stage.release();
        return SPK_TORCH_OK;
    });
}

void spk_torch_stage_free(spk_torch_stage *stage) { delete stage; }

int spk_torch_input_create(spk_torch_stage *stage, int dtype, const int64_t *shape, int binary,
                           spk_torch_input **out, void **host) {
    return spk::guarded([&] {
        if (stage == nullptr || shape == nullptr || out == nullptr || host == nullptr)
            throw spk::ArgumentError("missing stage, shape or result");
        if (dtype < SPK_INPUT_UINT8 || dtype > SPK_INPUT_FLOAT32)
            throw spk::ArgumentError("unknown input element type " + std::to_string(dtype));
        std::vector<int64_t> sizes(shape, shape + 5);
        for (auto s : sizes)
            if (s < 1) throw spk::ArgumentError("input sizes must be positive");
        const auto type = dtype == SPK_INPUT_UINT8 ? at::kByte : dtype == SPK_INPUT_UINT16 ? at::ScalarType::UInt16 : at::kFloat;
        int64_t count = 1;
        for (auto s : sizes) count *= s;
        const int64_t bytes = count * int64_t(c10::elementSize(type));
        auto input = std::make_unique<spk_torch_input>();
        input->stage = stage;
        input->binary = binary != 0;
        input->buffer = stage->take(bytes);
        input->host = at::from_blob(input->buffer.data_ptr(), sizes, at::TensorOptions().dtype(type));
        *host = input->buffer.data_ptr();
        *out = input.release();
        return SPK_TORCH_OK;
    });
}

int spk_torch_input_submit(spk_torch_input *input) {
    return spk::guarded([&] {
        if (input == nullptr) throw spk::ArgumentError("missing staged batch");
        const auto &device = input->stage->device;
        if (device.is_cpu()) {
            input->device = input->host;  // zero-copy: the pass reads the host buffer
        } else if (input->stage->side) {
            // Allocated on the pass's stream (the stream that frees it); written on the side stream.
            input->device = at::empty(input->host.sizes(), input->host.options().device(device));
            auto event = std::make_shared<c10::Event>(c10::kCUDA);
            c10::StreamGuard guard(*input->stage->side);
            input->device.copy_(input->host, /*non_blocking=*/true);
            event->record(*input->stage->side);
            input->copied = std::move(event);
        } else {
            input->device = input->host.to(device);
        }
        return SPK_TORCH_OK;
    });
}

void spk_torch_input_free(spk_torch_input *input) { delete input; }

}  // extern "C"
