import SpikeModel
import Yams

extension PipelineConfigError {
    /// The syntax error of `source` that a failed YAML parse stands for, with its line and column; `nil` when
    /// `error` (or the error it wraps) is not a YAML syntax error.
    init?(yamlSyntax error: any Error, source: String) {
        let yamlError = error as? YamlError
            ?? ((error as? DecodingError).flatMap { if case let .dataCorrupted(c) = $0 { c.underlyingError } else { nil } }
                as? YamlError)
        switch yamlError {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            self = .yamlSyntax(path: source, line: mark.line, column: mark.column,
                               problem: problem + (context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""))
        case let .duplicatedKeysInMapping(duplicates, context):
            self = .yamlSyntax(path: source, line: context.mark.line, column: context.mark.column,
                               problem: "key \(duplicates.sorted().joined(separator: ", ")) is given twice")
        default:
            return nil
        }
    }
}
