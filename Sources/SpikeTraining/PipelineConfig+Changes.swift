extension PipelineConfig {
    /// The settings that differ from `earlier` (a checkpoint's pipeline), each as `key old → new` with the key
    /// path of the YAML (`optimizer.lr 0.005 → 0.01`; `unset` where one side lacks it), sorted by key.
    public func changes(since earlier: PipelineConfig) throws -> [String] {
        try SettingChanges.between(earlier, self)
    }
}
