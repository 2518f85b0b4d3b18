extension SpeechCommandsCatalog {
    /// A warning when `_silence_` is the largest class: its samples are 1 s cuts of the background-noise files,
    /// so a small or partial layout can hold more of them than of any word, and a model that always answers
    /// `_silence_` then scores well on plain accuracy.
    public var silenceShareWarning: String? {
        guard let silence = classes.firstIndex(of: Self.silenceClass) else { return nil }
        let counts = Dictionary(grouping: samples, by: \.label).mapValues(\.count)
        let silent = counts[silence] ?? 0
        guard silent > 0, silent >= counts.filter({ $0.key != silence }).values.max() ?? 0 else { return nil }
        let files = Set(samples.compactMap { sample -> String? in
            guard sample.label == silence, case let .segment(path, _, _) = sample.source else { return nil }
            return path
        }).count
        let share = Double(silent) / Double(samples.count) * 100
        return "\(Self.silenceClass) is the largest class: \(silent) of \(samples.count) samples (" + String(format: "%.0f", share)
            + " %) are 1 s cuts of the \(files) file(s) in \(Self.backgroundFolder) (how the 12-class task makes that class). "
            + "A model that always answers \(Self.silenceClass) would score about that: judge models by balanced accuracy "
            + "(train's log and infer print it)"
    }
}
