import Foundation

/// A parameter value in a spec string or a transform's JSON: what `key=value` can hold.
enum SpecValue: Codable, Hashable, CustomStringConvertible {
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case list([SpecValue])

    /// `true`/`false`, an integer, a number, else a string.
    init(token: String) {
        if token == "true" || token == "false" {
            self = .bool(token == "true")
        } else if let i = Int64(token) {
            self = .int(i)
        } else if let d = Double(token), d.isFinite {
            self = .double(d)
        } else {
            self = .string(token)
        }
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int64.self) {
            self = .int(i)
        } else if let d = try? c.decode(Double.self) {
            self = .double(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else {
            self = .list(try c.decode([SpecValue].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .bool(let b): try c.encode(b)
        case .int(let i): try c.encode(i)
        case .double(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .list(let l): try c.encode(l)
        }
    }

    var description: String {
        switch self {
        case .bool(let b): "\(b)"
        case .int(let i): "\(i)"
        case .double(let d): "\(d)"
        case .string(let s): s
        case .list(let l): l.map(\.description).joined(separator: ",")
        }
    }

    /// The parameters of `step` as written in its JSON, without the `type` tag.
    static func parameters(of step: TransformStep) throws -> [String: SpecValue] {
        var object = try JSONDecoder().decode([String: SpecValue].self, from: JSONEncoder.canonical.encode(step))
        object["type"] = nil
        return object
    }
}

extension TransformStep {
    /// Parses a compact spec `name[:key=value,key=value…]`, where a value may be a comma list (`box=0,0,32,32`:
    /// a token without `=` continues the previous value). Unknown names and parameters are refused.
    public init(spec: String) throws(TransformError) {
        let text = spec.trimmingCharacters(in: .whitespaces)
        let (name, rest) = text.firstIndex(of: ":").map { (String(text[..<$0]), String(text[text.index(after: $0)...])) }
            ?? (text, "")
        guard TransformCatalog.type(named: name) != nil else {
            throw .unknownTransform(name: name, known: TransformCatalog.names)
        }
        var tokens: [(key: String, values: [String])] = []
        for token in rest.split(separator: ",", omittingEmptySubsequences: false).map(String.init) where !rest.isEmpty {
            if let eq = token.firstIndex(of: "=") {
                tokens.append((String(token[..<eq]), [String(token[token.index(after: eq)...])]))
            } else if !tokens.isEmpty {
                tokens[tokens.count - 1].values.append(token)
            } else {
                throw .badSpec(spec: spec, reason: "'\(token)' is not key=value")
            }
        }
        var object: [String: SpecValue] = ["type": .string(name)]
        for (key, values) in tokens {
            guard object[key] == nil else { throw .badSpec(spec: spec, reason: "parameter '\(key)' is given twice") }
            let parsed = values.map(SpecValue.init(token:))
            // Size-like parameters are lists even with one value; the decoder tells a scalar from a list.
            object[key] = parsed.count == 1 ? parsed[0] : .list(parsed)
        }
        try self.init(json: object, spec: spec)
        let known = (try? SpecValue.parameters(of: self)) ?? [:]
        if let unknown = tokens.map(\.key).first(where: { known[$0] == nil }) {
            throw .badSpec(spec: spec, reason: "'\(name)' has no parameter '\(unknown)' (\(type(of: transform).help))")
        }
    }

    private init(json object: [String: SpecValue], spec: String) throws(TransformError) {
        do {
            self = try JSONDecoder().decode(TransformStep.self, from: JSONEncoder.canonical.encode(object))
        } catch let error as TransformError {
            throw error
        } catch {
            throw .badSpec(spec: spec, reason: Self.explain(error))
        }
    }

    /// A decoding error in words: which parameter is missing or has the wrong type.
    private static func explain(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _)?: "parameter '\(key.stringValue)' is required"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?, .dataCorrupted(let context)?:
            "parameter '\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type or value"
        default: "\(error)"
        }
    }
}
