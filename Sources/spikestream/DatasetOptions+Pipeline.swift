import SpikeTraining

extension DatasetOptions {
    /// The options a pipeline's `dataset:` section stands for (synthetic-nmnist reads as nmnist).
    init(_ section: DatasetSection) throws {
        var arguments = ["--dataset", section.name.descriptor.name,
                         "--root", section.root]
        if let v = section.trainRatio { arguments += ["--train-ratio", "\(v)"] }
        if let v = section.splitSeed { arguments += ["--split-seed", "\(v)"] }
        if let v = section.orientation { arguments += ["--orientation", v.rawValue] }
        if let v = section.task { arguments += ["--task", v.rawValue] }
        if section.rebalance == true { arguments.append("--rebalance") }
        if let v = section.noiseFloorDB { arguments.append("--noise-floor-db=\(v)") }
        if let v = section.absoluteFloorDB { arguments.append("--absolute-floor-db=\(v)") }
        if let v = section.spikeEncoding { arguments += ["--spike-encoding", v.rawValue] }
        if let v = section.thresholdDB { arguments += ["--threshold-db", "\(v)"] }
        if let v = section.channelThresholdsDB { arguments += ["--channel-thresholds-db", v.map { "\($0)" }.joined(separator: ",")] }
        if let v = section.maxEventsPerFrame { arguments += ["--max-events-per-frame", "\(v)"] }
        if let v = section.melMaxHz { arguments += ["--mel-max-hz", "\(v)"] }
        self = try Self.parse(arguments)
    }
}
