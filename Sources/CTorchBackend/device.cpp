// Device names → c10::Device. CUDA lives in libtorch_cuda.so, which this library does not link (a CPU build
// never needs cuDNN/cuBLAS): "cuda" loads it from beside libtorch_cpu.so, or from $SPIKESTREAM_LIBTORCH_CUDA.
#include "backend.hpp"

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <c10/core/CachingDeviceAllocator.h>

#include <dlfcn.h>
#include <cstdlib>
#include <string>

namespace spk {
namespace {

/// The folder holding libtorch_cpu.so, from where the dynamic linker found one of its symbols.
std::string libtorch_folder() {
    Dl_info info{};
    if (dladdr(reinterpret_cast<void *>(&at::set_num_threads), &info) == 0 || info.dli_fname == nullptr) return "";
    std::string path = info.dli_fname;
    auto slash = path.rfind('/');
    return slash == std::string::npos ? "" : path.substr(0, slash);
}

void load_cuda() {
    if (at::hasCUDA()) return;
    const char *override_path = std::getenv("SPIKESTREAM_LIBTORCH_CUDA");
    std::string path = override_path ? override_path : libtorch_folder() + "/libtorch_cuda.so";
    if (dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL) == nullptr) {
        const char *why = dlerror();
        throw DeviceError("CUDA is not available: " + path + " does not load (" + (why ? why : "unknown") +
                          "); on a GPU machine install PyTorch 2.11 with CUDA 13 (pip install torch==2.11.0)");
    }
    if (!at::hasCUDA()) throw DeviceError("CUDA is not available: libtorch_cuda.so loaded but registers no CUDA");
    // Full fp32 as the CPU engine computes (PyTorch lets cuDNN convolutions use TF32 by default).
    at::globalContext().setAllowTF32CuDNN(false);
    at::globalContext().setAllowTF32CuBLAS(false);
}

}  // namespace

c10::Device open_device(const std::string &name) {
    c10::Device device(c10::kCPU);
    try {
        device = c10::Device(name);
    } catch (const c10::Error &) {
        throw DeviceError("unknown device '" + name + "' (cpu, cuda, cuda:N or meta)");
    }
    if (device.is_cpu() || device.is_meta()) return device;
    if (!device.is_cuda()) throw DeviceError("unsupported device '" + name + "' (cpu, cuda, cuda:N or meta)");
    load_cuda();
    const int count = at::detail::getCUDAHooks().deviceCount();
    if (count == 0) throw DeviceError("no CUDA GPU is visible (libtorch_cuda.so loaded, 0 devices)");
    if (device.has_index() && device.index() >= count) {
        throw DeviceError("'" + name + "': only " + std::to_string(count) + " CUDA GPU(s) visible");
    }
    return device.has_index() ? device : c10::Device(c10::kCUDA, 0);
}

}  // namespace spk

extern "C" int spk_torch_peak_memory(const char *device, int64_t *allocated, int64_t *reserved) {
    return spk::guarded([&] {
        if (device == nullptr || allocated == nullptr || reserved == nullptr)
            throw spk::ArgumentError("missing device or result");
        auto d = spk::open_device(device);
        if (!d.is_cuda()) throw spk::ArgumentError("peak memory is kept for CUDA devices only, not '" + std::string(device) + "'");
        const auto stats = c10::getDeviceAllocator(c10::kCUDA)->getDeviceStats(d.index());
        const auto all = static_cast<size_t>(c10::CachingAllocator::StatType::AGGREGATE);
        *allocated = stats.allocated_bytes[all].peak;
        *reserved = stats.reserved_bytes[all].peak;
        return SPK_TORCH_OK;
    });
}
