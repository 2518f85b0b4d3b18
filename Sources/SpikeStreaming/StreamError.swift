import SpikeFormats
import SpikeNet
import SpikeTransforms
import SpikeAudio

/// Why a stream (or one sample of it) could not be processed, phrased for the person feeding it.
public enum StreamError: Error, CustomStringConvertible {
    /// The bytes are not the announced format; `offset` is the stream byte offset (inside `decode`).
    case decode(EventFileError)
    /// More events arrived in one window than `limit`: raise `--max-window-events` or shorten the window.
    case windowOverflow(window: Int, limit: Int)
    /// A timestamp jumped so far ahead that it would close more than `limit` empty windows.
    case timeJump(from: Int64, to: Int64, windows: Int64, limit: Int)
    /// The model's binning cannot run window by window.
    case unsupportedBinning(reason: String)
    /// The model was trained on a dense representation (voxel grid, time surface), not on count frames.
    case representationNotStreamable(representation: String)
    /// The model file cannot be turned into a network and its pipeline.
    case model(reason: String)
    /// The stream's sensor (after transforms) does not fit the network's input.
    case inputMismatch(sensor: String, network: [Int])
    case transform(TransformError)
    case binning(BinningError)
    case network(SpikeNetError)
    case audio(AudioError)
    /// Socket, pipe or file trouble.
    case io(operation: String, reason: String)
    /// A control-channel line that is not a known command.
    case badControl(line: String)
    /// A server client sent nothing for `seconds` while its connection was open.
    case idle(seconds: Double)
    /// The server is serving its `limit` of clients; this one was turned away.
    case serverFull(limit: Int)
    /// No AEDAT 4 publisher answered at `address` after `attempts` tries.
    case noPublisher(address: String, attempts: Int, reason: String)

    public var description: String {
        switch self {
        case .decode(let e):
            "malformed input: \(e.description) Check --format against what the source sends."
        case .windowOverflow(let window, let limit):
            "window \(window) holds more than \(limit) events; raise --max-window-events or use a shorter window."
        case .timeJump(let from, let to, let windows, let limit):
            "the timestamp jumps from \(from) µs to \(to) µs, \(windows) empty windows (limit \(limit)); the stream "
                + "is damaged or a new recording started without a reset."
        case .representationNotStreamable(let representation):
            "the model was trained on \(representation) representations, which stream does not compute window by "
                + "window; stream serves models trained on count frames (a time_window binning). Evaluate it with "
                + "`spikestream infer` on a cache instead"
        case .unsupportedBinning(let reason):
            "the model's binning cannot be streamed: \(reason). Streaming needs time-window binning without "
                + "overlap, dropIncomplete or tonic compatibility; pass --time-window µs to stream a model trained "
                + "on other slicing."
        case .model(let reason):
            "the model cannot be streamed: \(reason)"
        case .inputMismatch(let sensor, let network):
            "the stream's sensor \(sensor) (after transforms) does not fit the network input \(network); pick the "
                + "--format and model trained on this sensor."
        case .transform(let e): "transform failed: \(e.description)"
        case .binning(let e): "binning failed: \(e.description)"
        case .network(let e): e.description
        case .audio(let e): "audio front end failed: \(e.description)"
        case .io(let operation, let reason): "\(operation) failed: \(reason)."
        case .badControl(let line):
            "control line \(line.debugDescription) is not a command; send {\"cmd\":\"reset\"}."
        case .idle(let seconds):
            "no bytes from this client for \(seconds) s (the server's --idle-timeout); closing the connection."
        case .serverFull(let limit):
            "the server is serving its limit of \(limit) clients (--max-clients); try again later."
        case .noPublisher(let address, let attempts, let reason):
            "no AEDAT 4 publisher at \(address) (\(attempts) attempts, last: \(reason)); start DV's network output "
                + "or a dv-processing NetworkWriter on that address, or check HOST:PORT."
        }
    }

    /// The stream byte offset the error is at, when it has one.
    public var offset: Int64? {
        guard case .decode(let e) = self else { return nil }
        switch e {
        case .readFailed(_, let offset, _), .truncatedRecord(_, let offset, _, _), .malformed(_, let offset, _),
             .truncated(_, let offset, _), .missingChunk(_, _, let offset, _), .unsupportedAudio(_, let offset, _):
            return offset
        default:
            return nil
        }
    }
}
