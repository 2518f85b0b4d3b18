// Staged batches (input.cpp) and the precision of convolutions and GEMMs (precision.cpp), for network.cpp.
#pragma once

#include "backend.hpp"

struct spk_torch_input;

namespace spk {

/// The staged batch as the pass takes it: float32, clipped to 1 when binary, time-major [T·B, C, H, W] on `device`
/// (the pass's stream first waits for the batch's copy); its [B, T, C, H, W] sizes into `sizes`.
at::Tensor device_batch(spk_torch_input *input, const c10::Device &device, std::vector<int64_t> &sizes);

/// The element type of convolutions and GEMMs for SPK_PRECISION_* on `device` (float32 or bfloat16); sets CUDA's
/// TF32 switches (process-wide) and refuses what the device cannot do.
at::ScalarType apply_precision(const c10::Device &device, int precision);

}  // namespace spk
