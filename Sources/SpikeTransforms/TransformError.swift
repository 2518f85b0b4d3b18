import SpikeEvents

/// Why a transform list could not be built or applied. Each message names the transform and says what to change.
public enum TransformError: Error, CustomStringConvertible, Equatable, Sendable {
    case invalidParameter(transform: String, parameter: String, reason: String)
    /// The transform needs the other kind of events (e.g. `denoise` on 1-D audio channels).
    case unsupportedEventKind(transform: String, kind: EventKind)
    /// Event `index` has a coordinate or polarity outside the sensor.
    case eventOutOfRange(transform: String, index: Int, event: Event, sensor: SensorSize)
    /// The transform needs time-ordered events; event `index` is earlier than the one before it.
    case unsorted(transform: String, index: Int)
    /// A random transform (augmentation) was placed in the pre-cache list.
    case randomBeforeCache(transform: String)
    case unknownTransform(name: String, known: [String])
    /// A spec string (`name:key=value,…`) or a transform's JSON could not be read.
    case badSpec(spec: String, reason: String)

    public var description: String {
        switch self {
        case .invalidParameter(let transform, let parameter, let reason):
            "transform '\(transform)': invalid parameter '\(parameter)': \(reason)."
        case .unsupportedEventKind(let transform, let kind):
            "transform '\(transform)' does not accept \(kind) (the sensor's height decides: 1 row means audio). "
                + "Remove it from the transform list for this dataset."
        case .eventOutOfRange(let transform, let index, let event, let sensor):
            "transform '\(transform)': event \(index) \(event) does not fit the \(sensor) sensor. Check the "
                + "dataset's sensor size, or crop before this transform."
        case .unsorted(let transform, let index):
            "transform '\(transform)' needs time-ordered events, but event \(index) is earlier than the one "
                + "before it. Sort the events first (e.g. timeJitter with sort=true)."
        case .randomBeforeCache(let transform):
            "transform '\(transform)' is random (an augmentation) and cannot run before the cache, whose contents "
                + "must be reproducible. Move it to the post-cache (per-epoch) list."
        case .unknownTransform(let name, let known):
            "unknown transform '\(name)'. Known transforms: \(known.joined(separator: ", "))."
        case .badSpec(let spec, let reason):
            "cannot read transform '\(spec)': \(reason). Write NAME or NAME:key=value,key=value "
                + "(e.g. denoise:filterTime=10000, crop:box=0,0,32,32)."
        }
    }
}
