import Foundation

/// A sample that `preprocess --on-error skip` left out of a cache: which sample, its file, and why. The cache keeps
/// the list in its `skipped_samples` root attribute (JSON, docs/CACHE.md), through resumes and merges.
public struct SkippedSample: Codable, Hashable, Sendable, CustomStringConvertible {
    public var id: String
    public var path: String
    public var reason: String

    public init(id: String, path: String, reason: String) {
        self.id = id
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(id) (\(path)): \(reason)" }

    /// The attribute's text: a JSON array of `{"id", "path", "reason"}` objects, keys sorted.
    static func attributeText(_ samples: [SkippedSample]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings cannot fail.
        return String(decoding: (try? encoder.encode(samples)) ?? Data("[]".utf8), as: UTF8.self)
    }

    /// The list in an attribute's text; a cache written before the attribute existed has none.
    static func list(fromAttribute text: String?, path: String) throws(CacheError) -> [SkippedSample] {
        guard let text else { return [] }
        do {
            return try JSONDecoder().decode([SkippedSample].self, from: Data(text.utf8))
        } catch {
            throw .malformed(path: path, reason: "its \(CacheLayout.Attribute.skippedSamples) attribute is not a JSON "
                             + "list of {id, path, reason}")
        }
    }

    /// `list` with each of `newer` added, replacing an entry of the same sample (a resumed run that meets the same
    /// bad sample again lists it once).
    static func merged(_ list: [SkippedSample], with newer: [SkippedSample]) -> [SkippedSample] {
        let ids = Set(newer.map(\.id))
        return list.filter { !ids.contains($0.id) } + newer
    }
}
