import Foundation
import SpikeEvents

/// File-system helpers shared by the DVS catalogs: an absolute, standardized root that must be a folder, and
/// listings that skip hidden entries.
enum DatasetFolder {
    static func resolveRoot(_ root: String) throws(CatalogError) -> String {
        let fm = FileManager.default
        let absolute = root.hasPrefix("/") ? root : fm.currentDirectoryPath + "/" + root
        let path = URL(fileURLWithPath: absolute).standardizedFileURL.path
        guard fm.fileExists(atPath: path) else { throw .rootNotFound(path: path) }
        guard isDirectory(path) else { throw .rootNotDirectory(path: path) }
        return path
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// Names in `path`, hidden ones left out, sorted (listing order differs between file systems).
    static func entries(_ path: String) throws(CatalogError) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: path).filter { !$0.hasPrefix(".") }.sorted()
        } catch {
            throw .unreadable(path: path, reason: readableReason(error))
        }
    }

    /// `names` by the number `number` finds in each (so 9 precedes 10), names without one after, by name: the same
    /// order on every file system.
    static func sortedNumerically(_ names: [String], number: (String) -> Int?) -> [String] {
        names.sorted { a, b in
            switch (number(a), number(b)) {
            case let (i?, j?) where i != j: i < j
            case (.some, nil): true
            case (nil, .some): false
            default: a < b
            }
        }
    }

    /// The first run of decimal digits in `name` (`image_0012.bin` → 12, `obj_004396_td.dat` → 4396).
    static func firstNumber(in name: String) -> Int? {
        guard let start = name.firstIndex(where: \.isASCIIDigit) else { return nil }
        return Int(name[start...].prefix(while: \.isASCIIDigit).prefix(18))
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
