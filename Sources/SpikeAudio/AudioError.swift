/// Why audio could not be turned into features or events.
public enum AudioError: Error, CustomStringConvertible, Equatable {
    /// A configuration value is out of range; `field` names it as in the configuration's JSON.
    case invalidConfiguration(field: String, reason: String)
    /// libsamplerate refused the conversion.
    case resamplingFailed(fromRate: Int, toRate: Int, reason: String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let field, let reason):
            "invalid audio configuration: \(field) \(reason)."
        case .resamplingFailed(let from, let to, let reason):
            "resampling \(from) Hz → \(to) Hz failed: \(reason) (libsamplerate)."
        }
    }
}
