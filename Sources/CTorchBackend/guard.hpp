// spk::guarded: the one place C++ exceptions stop before the C API.
#pragma once

#include <spk_torch.h>

#include <c10/util/Exception.h>

namespace spk {

void clear_error();

template <typename Body> int guarded(Body &&body) {
    clear_error();
    try {
        return body();
    } catch (const ArgumentError &e) {
        return fail(SPK_TORCH_BAD_ARGUMENT, e.what());
    } catch (const DeviceError &e) {
        return fail(SPK_TORCH_DEVICE_UNAVAILABLE, e.what());
    } catch (const c10::OutOfMemoryError &e) {
        return fail(SPK_TORCH_OUT_OF_MEMORY, e.what_without_backtrace());
    } catch (const c10::Error &e) {
        return fail(SPK_TORCH_FAILED, e.what_without_backtrace());
    } catch (const std::exception &e) {
        return fail(SPK_TORCH_FAILED, e.what());
    } catch (...) {
        return fail(SPK_TORCH_FAILED, "unknown C++ exception");
    }
}

}  // namespace spk
