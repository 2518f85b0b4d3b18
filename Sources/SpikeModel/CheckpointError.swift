import SpikeCache
import SpikeNet

/// Why a checkpoint cannot be written, read or turned back into a network.
public enum CheckpointError: Error, CustomStringConvertible {
    case wrongFormat(path: String, found: String)
    /// A cache (preprocess output) given where a model goes.
    case isCache(path: String)
    case unsupportedVersion(path: String, found: Int64)
    case missing(path: String, what: String)
    case badConfig(path: String, reason: String)
    case file(CacheError)
    case network(SpikeNetError)

    public var description: String {
        switch self {
        case let .wrongFormat(path, found):
            "'\(path)' is not a SpikeStream model (attribute format is '\(found)', expected '\(ModelCheckpoint.formatName)')."
        case let .isCache(path):
            "'\(path)' is a SpikeStream cache (what preprocess writes), not a model: pass the model.h5 that "
                + "`spikestream train` wrote (runs/<pipeline name>/model.h5 unless --out said otherwise)."
        case let .unsupportedVersion(path, found):
            "model '\(path)' has format_version \(found); this build reads version \(ModelCheckpoint.formatVersion). "
                + "Retrain it with this version of spikestream."
        case let .missing(path, what):
            "model '\(path)' has no \(what); it is truncated or was not written by spikestream train."
        case let .badConfig(path, reason):
            "model '\(path)' carries an unreadable configuration: \(reason)."
        case let .file(error):
            error.description
        case let .network(error):
            "the model's network cannot be rebuilt: \(error.description)"
        }
    }
}
