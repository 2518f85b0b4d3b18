import Foundation
import SpikeEvents

/// The folder an output file goes into: one missing level is created (and said), a deeper missing path is
/// refused, so a typo such as `/nonexistent_dir/x.h5` never builds folders the user did not mean.
enum OutputFolder {
    enum Failure: Error, CustomStringConvertible {
        case missing(file: String, folder: String, parent: String)
        case notCreated(folder: String, reason: String)

        var description: String {
            switch self {
            case let .missing(file, folder, parent):
                "cannot write '\(file)': its folder '\(folder)' does not exist and neither does '\(parent)'; only "
                    + "the last missing folder level is created: create '\(parent)' first, or check the path."
            case let .notCreated(folder, reason):
                "cannot create the folder '\(folder)': \(reason)"
            }
        }
    }

    /// Makes sure the folder of `file` exists, creating it when only that last level is missing; prints
    /// `COMMAND: created folder 'F'` when it did.
    static func prepare(for file: String, command: String) throws {
        let folder = (file as NSString).deletingLastPathComponent
        let manager = FileManager.default
        guard !folder.isEmpty, !manager.fileExists(atPath: folder) else { return }
        let parent = (folder as NSString).deletingLastPathComponent
        guard parent.isEmpty || manager.fileExists(atPath: parent) else {
            throw Failure.missing(file: file, folder: folder, parent: parent)
        }
        do { try manager.createDirectory(atPath: folder, withIntermediateDirectories: false) } catch {
            throw Failure.notCreated(folder: folder, reason: readableReason(error))
        }
        print("\(command): created folder '\(folder)'")
    }
}
