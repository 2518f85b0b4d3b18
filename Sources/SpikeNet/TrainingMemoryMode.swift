/// How a training step spends memory on Conv(-BN)-spiking blocks: keep every activation for the backward pass
/// (fastest), recompute the blocks in the backward pass (a fraction of the memory, one more convolution per
/// block), or keep when that fits the memory available and recompute otherwise.
public enum TrainingMemoryMode: String, Sendable, Codable, CaseIterable {
    case auto, keep, recompute

    /// Whether to recompute, when keeping every activation needs `keeping` bytes and `budget` bytes are available
    /// (nil: unknown, so `auto` keeps).
    public func recomputes(keeping: Int, budget: Int?) -> Bool {
        switch self {
        case .keep: false
        case .recompute: true
        case .auto: budget.map { keeping > $0 } ?? false
        }
    }
}
