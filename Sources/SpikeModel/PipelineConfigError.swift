/// Why a pipeline YAML (or a checkpoint's copy of it) cannot be used. Every case names the key path, e.g.
/// `rule.surrogate`, so a typo is found without guessing.
public enum PipelineConfigError: Error, CustomStringConvertible, Equatable {
    case fileMissing(path: String)
    case syntax(path: String, reason: String)
    case yamlSyntax(path: String, line: Int, column: Int, problem: String)
    case unknownKey(key: String, allowed: [String])
    case missingKey(key: String)
    case badValue(key: String, value: String, allowed: String)
    case badType(key: String, expected: String)
    case invalid(key: String, reason: String)

    public var description: String {
        switch self {
        case let .fileMissing(path):
            "pipeline file '\(path)' does not exist; pipelines live in pipelines/NAME.yaml (see docs/PIPELINES.md)."
        case let .syntax(path, reason):
            "pipeline file '\(path)' is not valid YAML: \(reason)."
        case let .yamlSyntax(path, line, column, problem):
            "pipeline file '\(path)', line \(line), column \(column): not valid YAML: \(problem); fix it there "
                + "(see docs/PIPELINES.md)."
        case let .unknownKey(key, allowed):
            "unknown key '\(key)'; allowed here: \(allowed.joined(separator: ", ")) (see docs/PIPELINES.md)."
        case let .missingKey(key):
            "missing required key '\(key)' (see docs/PIPELINES.md)."
        case let .badValue(key, value, allowed):
            "'\(key)' = \(value) is not allowed; expected \(allowed)."
        case let .badType(key, expected):
            "'\(key)' must be \(expected)."
        case let .invalid(key, reason):
            "'\(key)': \(reason)."
        }
    }
}
