import Foundation

/// The settings that differ between two descriptions of the same kind (pipelines, binnings), found by their JSON.
enum SettingChanges {
    /// Each differing leaf as `key old → new`, keys as dotted paths of the JSON (`optimizer.lr 0.005 → 0.01`;
    /// `unset` where one side lacks it), sorted by key.
    static func between(_ old: some Encodable, _ new: some Encodable) throws -> [String] {
        let before = try settings(old), now = try settings(new)
        return Set(now.keys).union(before.keys).sorted().compactMap { key in
            let a = before[key] ?? "unset", b = now[key] ?? "unset"
            return a == b ? nil : "\(key) \(a) → \(b)"
        }
    }

    /// Every leaf of the value's JSON by its dotted key path, as text.
    private static func settings(_ value: some Encodable) throws -> [String: String] {
        var leaves: [String: String] = [:]
        func walk(_ value: Any, _ path: String) throws {
            if let object = value as? [String: Any] {
                for (key, child) in object { try walk(child, path.isEmpty ? key : path + "." + key) }
            } else if let text = value as? String {
                leaves[path] = text
            } else {
                leaves[path] = String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]),
                                      as: UTF8.self)
            }
        }
        try walk(try JSONSerialization.jsonObject(with: JSONEncoder().encode(value)), "")
        return leaves
    }
}
