import SpikeTraining

extension DatasetOptions {
    /// The options a pipeline's `dataset:` section stands for (synthetic-nmnist reads as nmnist).
    init(_ section: DatasetSection) throws {
        var arguments = ["--dataset", section.name == .syntheticNMNIST ? Kind.nmnist.rawValue : section.name.rawValue,
                         "--root", section.root]
        if let v = section.trainRatio { arguments += ["--train-ratio", "\(v)"] }
        if let v = section.splitSeed { arguments += ["--split-seed", "\(v)"] }
        if let v = section.orientation { arguments += ["--orientation", v.rawValue] }
        if let v = section.task { arguments += ["--task", v.rawValue] }
        if section.rebalance == true { arguments.append("--rebalance") }
        self = try Self.parse(arguments)
    }
}
