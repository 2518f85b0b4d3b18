import ArgumentParser
import Foundation

/// The `--out` of a `render` command must name the one image format it writes: a `.jpg` name holding PNG bytes
/// would mislead every program that trusts the name.
enum ImageOutputName {
    static func check(_ path: String, format: String, command: String) throws {
        let ext = (path as NSString).pathExtension.lowercased()
        guard ext != format else { return }
        throw ValidationError("--out '\(path)': \(command) writes \(format.uppercased()) only; give a name ending in "
                              + ".\(format)" + (ext.isEmpty ? "" : " (not .\(ext))"))
    }
}
