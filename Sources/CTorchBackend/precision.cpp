// --precision: fp32 (the CPU engine's arithmetic), tf32 (CUDA's TF32 tensor cores for cuBLAS/cuDNN) or bf16
// (convolutions and GEMMs on bfloat16 operands). Only the synapses change: neurons, rules, losses and optimizer
// stay float32, since a threshold compare on a bfloat16 membrane (8 bits of mantissa) would change spikes.
#include "input.hpp"

#include <ATen/Context.h>

namespace spk {

at::ScalarType apply_precision(const c10::Device &device, int precision) {
    switch (precision) {
    case SPK_PRECISION_FP32:
    case SPK_PRECISION_TF32:
        if (precision == SPK_PRECISION_TF32 && !device.is_cuda())
            throw ArgumentError("precision tf32 needs a CUDA device (TF32 is an NVIDIA tensor-core format), not '" +
                                device.str() + "': use fp32 or bf16");
        if (device.is_cuda()) {
            at::globalContext().setAllowTF32CuBLAS(precision == SPK_PRECISION_TF32);
            at::globalContext().setAllowTF32CuDNN(precision == SPK_PRECISION_TF32);
        }
        return at::kFloat;
    case SPK_PRECISION_BF16:
        return at::kBFloat16;
    default:
        throw ArgumentError("unknown precision " + std::to_string(precision) + " (fp32, tf32 or bf16)");
    }
}

}  // namespace spk
