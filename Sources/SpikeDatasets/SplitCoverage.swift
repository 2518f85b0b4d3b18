import SpikeEvents

/// What a split made by rule (CIFAR10-DVS's stratified one) leaves out: with few files per class, round(ratio × n)
/// can send every file of a class, or of every class, to the training split, and the test split then says
/// nothing about that class. Found before any work, so the user hears it before preprocessing.
public enum SplitCoverage {
    /// One line per split among `splits` that is empty or lacks classes another split has (`classNames[label]`).
    public static func warnings(_ samples: [Sample], classNames: [String], splits: [Split] = [.train, .test]) -> [String] {
        var present: [Split: Set<Int>] = [:]
        for sample in samples { present[sample.split, default: []].insert(sample.label) }
        let all = present.values.reduce(into: Set<Int>()) { $0.formUnion($1) }
        func name(_ label: Int) -> String { label < classNames.count ? classNames[label] : "class \(label)" }
        return splits.compactMap { split in
            let have = present[split] ?? []
            if have.isEmpty { return "the \(split) split is empty" }
            let missing = all.subtracting(have).sorted()
            guard !missing.isEmpty else { return nil }
            return "the \(split) split has no samples of " + missing.map(name).joined(separator: ", ")
        }
    }

    /// `warnings` for a split made by a train ratio (`StratifiedSplit`), each saying what to do about it.
    public static func warnings(_ samples: [Sample], classNames: [String], trainRatio: Double) -> [String] {
        warnings(samples, classNames: classNames).map {
            "\($0): a class with n files puts round(\(trainRatio) × n) of them in train and the rest in test; add "
                + "files or change --train-ratio"
        }
    }
}
