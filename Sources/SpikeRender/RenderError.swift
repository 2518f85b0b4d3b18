/// Why a picture could not be made or written.
public enum RenderError: Error, CustomStringConvertible, Equatable {
    /// libpng refused to encode or decode (its own message).
    case png(reason: String)
    /// The picture is larger than a PNG can be here (`PNGCodec.maximumSide`).
    case imageTooLarge(width: Int, height: Int, limit: Int)
    /// Writing the output file failed.
    case cannotWrite(path: String, reason: String)
    /// The frames have a channel layout the on/off colouring cannot show.
    case unsupportedChannels(Int)
    /// The frames have no time steps (or no pixels).
    case emptyFrames
    /// The events are not 1-D (a raster plots one row per channel of a width × 1 sensor).
    case notOneDimensional(height: Int)
    /// Nothing to draw (no events, no epochs).
    case nothingToPlot(what: String)
    /// An animation frame differs in size from the first.
    case frameSizeMismatch(index: Int)
    /// The frames use more colours than a GIF colour table holds.
    case tooManyColours
    /// An input file cannot be read.
    case cannotRead(path: String, reason: String)
    /// A training log line is not a JSON object with numeric values.
    case malformedLogLine(path: String, line: Int, reason: String)
    /// A size, scale or rate option is out of range.
    case invalidOption(name: String, reason: String)

    public var description: String {
        switch self {
        case .png(let reason): "the PNG could not be encoded or decoded (\(reason)); the file may be damaged"
        case let .imageTooLarge(width, height, limit):
            "the picture would be \(width) × \(height) pixels, over the \(limit) a PNG side may have here: draw fewer "
                + "frames (fewer --time-bins, a longer --time-window, a --start/--end span) or a smaller --scale"
        case .cannotWrite(let path, let reason): "cannot write '\(path)': \(reason) (check the folder exists and is writable)"
        case .unsupportedChannels(let c):
            "frames have \(c) channels; on/off colouring needs 1 (merged polarities) or 2 (OFF, ON)"
        case .emptyFrames: "no frames to draw (0 time steps or an empty sensor): check the binning options and the input"
        case .notOneDimensional(let h):
            "events come from a sensor \(h) rows high; a raster needs 1-D events (width × 1, e.g. --sensor 40x1)"
        case .nothingToPlot(let what): "nothing to plot: \(what)"
        case .frameSizeMismatch(let i): "animation frame \(i) differs in size from frame 0"
        case .tooManyColours: "frames use more than 256 colours, more than a GIF colour table holds"
        case .cannotRead(let path, let reason): "cannot read '\(path)': \(reason) (check the path)"
        case .malformedLogLine(let path, let line, let reason):
            "\(path):\(line): \(reason) (each line must be one JSON object such as {\"epoch\": 1, \"train_loss\": 0.5})"
        case .invalidOption(let name, let reason): "\(name) \(reason)"
        }
    }
}
