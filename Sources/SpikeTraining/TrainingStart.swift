import SpikeModel

/// Where a training run starts, decided before any cache is built (`Trainer.start`).
public enum TrainingStart: Sendable {
    /// From scratch (no checkpoint, or one the user asked to replace).
    case fresh
    /// From `checkpoint`'s last epoch; `changes` are the settings that differ from the ones it was trained with
    /// (`PipelineConfig.changes(since:)`), which apply from the next epoch on.
    case resume(ModelCheckpoint, changes: [String])
}
