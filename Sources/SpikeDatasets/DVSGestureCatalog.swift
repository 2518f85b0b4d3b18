import Foundation
import SpikeEvents

/// The samples of a DVS128-Gesture root in the original archive layout (the extracted `DvsGesture/` folder, or
/// its parent): `trials_to_train.txt` and `trials_to_test.txt` list `userNN_lighting.aedat` files (AEDAT 3.1),
/// each with `userNN_lighting_labels.csv` beside it.
///
/// Every row k of a trial's labels CSV is one sample: `.segment(path, start, end)` with id
/// `userNN_lighting.aedat#k` and label `class − 1` (0 … 10, as in SpikingJelly; class 11 "other gestures" is
/// kept). See docs/DATASETS.md for how the counts compare with the paper, SpikingJelly and tonic.
public struct DVSGestureCatalog: Sendable {
    public static let sensorSize = SensorSize.dvs128
    public static let trialLists: [(split: Split, file: String)] = [(.train, "trials_to_train.txt"),
                                                                   (.test, "trials_to_test.txt")]
    static let layout = "DVS128-Gesture layout: DvsGesture/trials_to_train.txt, trials_to_test.txt, "
        + "userNN_lighting.aedat and userNN_lighting_labels.csv"

    /// The folder holding the trial lists.
    public let root: String
    public let samples: [Sample]

    public init(root: String, splits: Set<Split> = [.train, .test]) throws(CatalogError) {
        var folder = try DatasetFolder.resolveRoot(root)
        if !DatasetFolder.isFile(folder + "/" + Self.trialLists[0].file),
           DatasetFolder.isFile(folder + "/DvsGesture/" + Self.trialLists[0].file) {
            folder += "/DvsGesture"
        }
        self.root = folder
        let available = Self.trialLists.map(\.split)
        if let missing = splits.subtracting(available).sorted(by: { $0.rawValue < $1.rawValue }).first {
            throw .unsupportedSplit(split: missing.description, available: available.map(\.description))
        }
        var samples: [Sample] = []
        for (split, list) in Self.trialLists where splits.contains(split) {
            for trial in try Self.trials(folder + "/" + list) {
                samples += try Self.samples(folder: folder, trial: trial, split: split)
            }
        }
        self.samples = samples
    }

    public func samples(in split: Split) -> [Sample] { samples.filter { $0.split == split } }

    /// The `.aedat` names a trial list holds, in file order.
    private static func trials(_ path: String) throws(CatalogError) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .missingFile(path: path, expected: layout)
        }
        var names: [String] = []
        let lines = String(decoding: data, as: UTF8.self).split(omittingEmptySubsequences: false,
                                                                whereSeparator: \.isNewline)
        for (index, line) in lines.enumerated() {
            let name = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if name.isEmpty { continue }
            guard name.hasSuffix(".aedat"), !name.contains("/") else {
                throw .malformedFile(path: path, line: index + 1,
                                     reason: "expected a trial file name such as user01_fluorescent.aedat, found '\(name)'")
            }
            names.append(name)
        }
        return names
    }

    private static func samples(folder: String, trial: String, split: Split) throws(CatalogError) -> [Sample] {
        let recording = folder + "/" + trial
        guard DatasetFolder.isFile(recording) else { throw .missingFile(path: recording, expected: layout) }
        let windows = try GestureLabels.read(path: folder + "/" + trial.dropLast(".aedat".count) + "_labels.csv")
        return windows.enumerated().map { k, window in
            Sample(id: "\(trial)#\(k)", label: window.label, split: split,
                   source: .segment(path: recording, start: window.start, end: window.end))
        }
    }
}
