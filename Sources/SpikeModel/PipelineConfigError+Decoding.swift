import Foundation

extension PipelineConfigError {
    /// The error a failed `Decodable` decoding of the pipeline (YAML or JSON) stands for, naming its key path.
    package init(_ error: DecodingError) {
        self = switch error {
        case let .keyNotFound(key, context):
            .missingKey(key: ConfigSection.keyPath(context.codingPath + [key]))
        case let .typeMismatch(type, context):
            .badType(key: ConfigSection.keyPath(context.codingPath), expected: "\(type)")
        case let .valueNotFound(type, context):
            .badType(key: ConfigSection.keyPath(context.codingPath), expected: "\(type)")
        case let .dataCorrupted(context):
            // Yams wraps errors thrown inside `init(from:)` (ours included) as "not valid YAML".
            context.underlyingError as? PipelineConfigError ?? .invalid(key: ConfigSection.keyPath(context.codingPath), reason: context.debugDescription)
        @unknown default:
            .syntax(path: "<yaml>", reason: "\(error)")
        }
    }

    /// Decodes `type` from JSON text (a model file's copy of the pipeline), any failure as a `PipelineConfigError`.
    package static func decodeJSON<T: Decodable>(_ type: T.Type, from text: String) throws(PipelineConfigError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch let error as PipelineConfigError {
            throw error
        } catch let error as DecodingError {
            throw PipelineConfigError(error)
        } catch {
            throw .syntax(path: "<json>", reason: "\(error)")
        }
    }
}
