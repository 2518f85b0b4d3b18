/// `--precision`, the pipeline's `precision:`: the arithmetic of a libtorch device's convolutions and GEMMs. fp32 is
/// the CPU engine's; tf32 lets CUDA's cuBLAS/cuDNN use TF32 tensor cores (10-bit mantissa products); bf16 casts
/// their operands to bfloat16 (8-bit mantissa), results back to float32. Neurons (thresholds, membranes),
/// surrogates, losses and the optimizer stay float32 in every mode: a threshold compare on a bfloat16 membrane
/// would flip spikes wherever u is within 2⁻⁸·|u| of the threshold. The CPU engine computes fp32 only.
public enum ComputePrecision: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case fp32, tf32, bf16

    public static let allowed = "fp32, tf32 or bf16"
    public var description: String { rawValue }
}
