// Device names → c10::Device. CUDA lives in libtorch_cuda.so, which this library does not link (a CPU build
// never needs cuDNN/cuBLAS): "cuda" loads it from beside libtorch_cpu.so, or from $SPIKESTREAM_LIBTORCH_CUDA.
#include "backend.hpp"

#include <ATen/Parallel.h>
#include <ATen/detail/CUDAHooksInterface.h>

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
