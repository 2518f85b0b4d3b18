/// Why the synthetic spoken-commands set could not be written.
public enum SyntheticSpeechError: Error, CustomStringConvertible, Equatable {
    case synthesizerMissing(program: String)
    case synthesisFailed(word: String, voice: String, reason: String)
    /// The output folder holds files and overwriting was not asked for.
    case outputExists(path: String)
    /// Overwriting was asked for, but the folder was not made by this generator (no README marker).
    case notSynthetic(path: String)
    case cannotWrite(path: String, reason: String)
    case invalidConfiguration(field: String, reason: String)

    public var description: String {
        switch self {
        case .synthesizerMissing(let program):
            "'\(program)' was not found: the synthetic spoken commands are spoken by espeak-ng. Install it "
                + "(apt-get install espeak-ng; scripts/lib/deps.sh does) or name it with --espeak PATH."
        case .synthesisFailed(let word, let voice, let reason):
            "espeak-ng could not speak '\(word)' in voice '\(voice)': \(reason)"
        case .outputExists(let path):
            "'\(path)' is not empty; choose an empty folder or pass --overwrite to replace an earlier synthetic set."
        case .notSynthetic(let path):
            "refusing to overwrite '\(path)': its README.txt does not say it was made by the synthetic spoken-"
                + "commands generator, so it may hold real data. Delete it yourself or pick another folder."
        case .cannotWrite(let path, let reason):
            "cannot write '\(path)': \(reason). Check the path and its permissions."
        case .invalidConfiguration(let field, let reason):
            "invalid synthetic speech setting: \(field) \(reason)."
        }
    }
}
