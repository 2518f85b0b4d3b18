import CTorchBackend
import SpikeNet

extension ComputePrecision {
    /// The C API's SPK_PRECISION_*.
    var torchCode: Int32 {
        switch self {
        case .fp32: Int32(SPK_PRECISION_FP32)
        case .tf32: Int32(SPK_PRECISION_TF32)
        case .bf16: Int32(SPK_PRECISION_BF16)
        }
    }
}
