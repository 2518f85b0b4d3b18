/// Any key, so a section can list what the file actually contains (and refuse what it does not know).
package struct AnyKey: CodingKey {
    package var stringValue: String
    package var intValue: Int? { nil }
    package init(stringValue: String) { self.stringValue = stringValue }
    package init?(intValue: Int) { nil }
}

/// A strict reader for one mapping of the pipeline YAML: unknown keys, missing keys, wrong types and values
/// outside their range all become `PipelineConfigError`s that name the full key path. Shared by every section of
/// the pipeline, those the model file reads (here) and those only training reads (SpikeTraining).
package struct ConfigSection {
    let container: KeyedDecodingContainer<AnyKey>
    package let path: String

    /// Opens the mapping at `decoder` and refuses keys outside `allowed`.
    package init(_ decoder: any Decoder, allowed: [String]) throws {
        path = ConfigSection.keyPath(decoder.codingPath)
        do {
            container = try decoder.container(keyedBy: AnyKey.self)
        } catch {
            throw PipelineConfigError.badType(key: path.isEmpty ? "(top level)" : path, expected: "a mapping of keys")
        }
        try only(allowed)
    }

    /// Refuses keys outside `allowed` (e.g. the keys that fit one `kind`).
    package func only(_ allowed: [String], because: String? = nil) throws {
        if let unknown = container.allKeys.map(\.stringValue).sorted().first(where: { !allowed.contains($0) }) {
            let key = qualified(unknown) + (because.map { " (with \($0))" } ?? "")
            throw PipelineConfigError.unknownKey(key: key, allowed: allowed)
        }
    }

    package func has(_ key: String) -> Bool { container.contains(AnyKey(stringValue: key)) }

    package func qualified(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    package func optional<T: Decodable>(_ key: String, _ type: T.Type = T.self, expected: String) throws -> T? {
        let k = AnyKey(stringValue: key)
        guard container.contains(k) else { return nil }
        do {
            return try container.decodeIfPresent(T.self, forKey: k)
        } catch let error as PipelineConfigError {
            throw error
        } catch {
            throw PipelineConfigError.badType(key: qualified(key), expected: expected)
        }
    }

    package func required<T: Decodable>(_ key: String, _ type: T.Type = T.self, expected: String) throws -> T {
        guard let value = try optional(key, T.self, expected: expected) else {
            throw PipelineConfigError.missingKey(key: qualified(key))
        }
        return value
    }

    /// A word from a fixed set (an enum's raw values).
    package func choice<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type = E.self) throws -> E?
    where E.RawValue == String {
        try choice(key, among: Array(E.allCases))
    }

    /// A word that must be the raw value of one of `cases`.
    package func choice<E: RawRepresentable>(_ key: String, among cases: [E]) throws -> E? where E.RawValue == String {
        let allowed = "one of " + cases.map(\.rawValue).joined(separator: ", ")
        guard let raw = try optional(key, String.self, expected: allowed) else { return nil }
        guard let value = E(rawValue: raw) else {
            throw PipelineConfigError.badValue(key: qualified(key), value: raw, allowed: allowed)
        }
        return value
    }

    /// A number that must satisfy `valid` (described by `allowed`, e.g. "> 0").
    package func number<T: Decodable & Comparable & CustomStringConvertible>(
        _ key: String, _ type: T.Type = T.self, allowed: String, where valid: (T) -> Bool
    ) throws -> T? {
        guard let value = try optional(key, T.self, expected: "a number \(allowed)") else { return nil }
        guard valid(value) else {
            throw PipelineConfigError.badValue(key: qualified(key), value: value.description, allowed: "a number \(allowed)")
        }
        return value
    }

    package static func keyPath(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text
    }
}
