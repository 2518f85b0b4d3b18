/// Why a Speech Commands root could not be catalogued. Each message names the path and the layout expected.
public enum SpeechCommandsCatalogError: Error, CustomStringConvertible, Equatable {
    case rootNotFound(path: String)
    case missingList(path: String)
    /// Line `line` of a split list names a file that does not exist.
    case listedFileMissing(list: String, line: Int, entry: String)
    /// Line `line` of a split list is not `<word>/<file>.wav`.
    case badListEntry(list: String, line: Int, entry: String)
    case noWordFolders(root: String)
    /// The 12-class task needs `_background_noise_/*.wav` to cut `_silence_` from.
    case noBackgroundNoise(folder: String)
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .rootNotFound(let path):
            "Speech Commands root '\(path)' does not exist or is not a folder. Pass the folder of the extracted "
                + "archive (it holds <word>/<speaker>_nohash_<n>.wav, validation_list.txt and testing_list.txt)."
        case .missingList(let path):
            "expected the split list '\(path)' (one <word>/<file>.wav per line, as in the official archive); "
                + "it is missing. Re-extract speech_commands_v0.02.tar.gz into the root."
        case .listedFileMissing(let list, let line, let entry):
            "'\(list)' line \(line) lists '\(entry)', which does not exist under the root. The archive is "
                + "incompletely extracted, or the list belongs to another version."
        case .badListEntry(let list, let line, let entry):
            "'\(list)' line \(line) is '\(entry)'; expected <word>/<speaker>_nohash_<n>.wav."
        case .noWordFolders(let root):
            "found no word folders (<word>/*.wav) in '\(root)'. Pass the folder of the extracted archive."
        case .noBackgroundNoise(let folder):
            "the 12-class task cuts _silence_ from '\(folder)/*.wav', which holds none. Extract the full "
                + "archive, or use the 35-word task."
        case .unreadable(let path, let reason):
            "cannot read '\(path)': \(reason). Check its permissions."
        }
    }
}
