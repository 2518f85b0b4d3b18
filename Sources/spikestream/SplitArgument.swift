import ArgumentParser
import SpikeEvents

/// `--split` as the words the user types (help lists them, not the numbers the cache stores).
enum SplitArgument: String, CaseIterable, ExpressibleByArgument {
    case train, test, validation

    var split: Split {
        switch self {
        case .train: .train
        case .test: .test
        case .validation: .validation
        }
    }
}
