/// How a training step spends memory on Conv(-BN)-spiking blocks: keep every activation for the backward pass
/// (fastest), recompute the blocks in the backward pass (a fraction of the memory, one more convolution per
/// block), or keep when that fits the memory available and recompute otherwise.
public enum TrainingMemoryMode: String, Sendable, Codable, CaseIterable {
    case auto, keep, recompute

    /// Whether to recompute, when keeping every activation needs `keeping` bytes, recomputing `recomputing` bytes
    /// and `budget` bytes are available (nil: unknown, so `auto` keeps). `auto` recomputes only when keeping does
    /// not fit and recomputing needs less (a network whose blocks are few and small saves nothing by it).
    public func recomputes(keeping: Int, recomputing: Int, budget: Int?) -> Bool {
        switch self {
        case .keep: false
        case .recompute: true
        case .auto: (budget.map { keeping > $0 } ?? false) && recomputing < keeping
        }
    }
}
