import Foundation

/// The cache's `class_names` root attribute: the class names in label order as a JSON array of strings, text
/// any HDF5 tool reads (`json.loads(h5py.File(path).attrs["class_names"])`). A cache written before it existed
/// has none, and its classes show as label numbers.
extension CacheLayout.Attribute {
    public static let classNames = "class_names"
}

extension CacheLayout {
    public static func encodeClassNames(_ names: [String]) -> String {
        // An array of strings always encodes; the fallback only satisfies the type checker.
        (try? JSONEncoder().encode(names)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    /// The names, or `nil` when `text` is not a JSON array of strings.
    public static func decodeClassNames(_ text: String) -> [String]? {
        try? JSONDecoder().decode([String].self, from: Data(text.utf8))
    }
}

extension CacheReader {
    /// Class names in label order, or `nil` for a cache without them.
    public var classNames: [String]? {
        attributes[CacheLayout.Attribute.classNames].flatMap(CacheLayout.decodeClassNames)
    }
}

/// How a label is shown: its class name when known, else its number.
public enum ClassName {
    public static func of(_ label: Int, in names: [String]?) -> String {
        guard let names, names.indices.contains(label) else { return "\(label)" }
        return names[label]
    }
}
