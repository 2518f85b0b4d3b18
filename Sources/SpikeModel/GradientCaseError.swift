/// Why a gradient case file (`spikestream grad --case`) cannot be run, in one line naming the file and the key.
public enum GradientCaseError: Error, Equatable, CustomStringConvertible {
    case missingKey(path: String, key: String)
    case badShape(path: String, key: String, expected: String, found: [Int])
    case badValue(path: String, key: String, reason: String)

    public var description: String {
        switch self {
        case let .missingKey(path, key):
            "'\(path)': the case has no '\(key)' (see docs/GRADIENTS.md for the keys a case needs)"
        case let .badShape(path, key, expected, found):
            "'\(path)': '\(key)' has shape \(found), expected \(expected)"
        case let .badValue(path, key, reason):
            "'\(path)': '\(key)' \(reason)"
        }
    }
}
