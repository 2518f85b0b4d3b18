import SpikeEvents

/// Why events could not be binned into frames: a bad parameter (caught by `FrameBinning.validate()`), or an
/// event that does not fit the sensor or the chosen compatibility mode. Each message says what to change.
public enum BinningError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A parameter is out of range; `parameter` names it, `reason` says what is allowed.
    case invalidParameter(parameter: String, reason: String)
    /// The sensor has a non-positive dimension.
    case invalidSensor(SensorSize)
    /// Event `index` has a coordinate or polarity outside the sensor.
    case eventOutOfRange(index: Int, event: Event, sensor: SensorSize)
    /// tonic-compatible time slicing needs time-ordered events; event `index` is earlier than the one before.
    case unsortedForTonic(index: Int, time: Int64, previous: Int64)
    /// tonic refuses a one-polarity sensor when events carry both polarities; event `index` has the second one.
    case mixedPolaritiesForTonic(index: Int)
    /// The frames would hold more than `FrameBinning.maxElements` elements.
    case tooLarge(frames: Int, elementsPerFrame: Int)
    /// A `FrameRepresentation` could not be made of these events (unsorted, off the sensor, too large).
    case representationFailed(representation: String, reason: String)

    public var description: String {
        switch self {
        case .invalidParameter(let parameter, let reason):
            "invalid binning parameter '\(parameter)': \(reason)."
        case .invalidSensor(let sensor):
            "invalid sensor size \(sensor): width, height and polarities must all be at least 1."
        case .eventOutOfRange(let index, let event, let sensor):
            "event \(index) \(event) does not fit the \(sensor) sensor (x < \(sensor.width), y < \(sensor.height), "
                + "p < \(sensor.polarities) required). Check the sensor size of the dataset, or crop/filter events "
                + "before binning."
        case .unsortedForTonic(let index, let time, let previous):
            "event \(index) at t=\(time) µs comes after an event at t=\(previous) µs: tonic-compatible time "
                + "slicing needs time-ordered events (tonic's searchsorted). Sort the events or use compat native."
        case .mixedPolaritiesForTonic(let index):
            "event \(index) has a second polarity on a one-polarity sensor, which tonic rejects. Use a sensor "
                + "with 2 polarities, or compat native with mergePolarities."
        case .representationFailed(let representation, let reason):
            "the \(representation) representation failed: \(reason)"
        case .tooLarge(let frames, let elementsPerFrame):
            "binning would produce \(frames) frames of \(elementsPerFrame) elements, more than the limit of "
                + "\(FrameBinning.maxElements) elements. Use a longer window, fewer bins, or a start/end span."
        }
    }
}
