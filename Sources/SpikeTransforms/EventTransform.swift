import SpikeEvents

/// Which events a sensor produces, read from its geometry: a sensor one row high carries 1-D audio channel events
/// (`x` is the frequency channel, `y` is always 0, as in SHD's 700×1 sensor); any other carries 2-D camera events.
public enum EventKind: String, Hashable, Codable, Sendable, CustomStringConvertible {
    case camera
    case audio

    public init(sensor: SensorSize) { self = sensor.height == 1 ? .audio : .camera }

    public var description: String {
        switch self {
        case .camera: "2-D camera events (x, y)"
        case .audio: "1-D audio channel events (x = channel, y = 0)"
        }
    }
}

/// An event transform as a value: its parameters are `Codable` (a stable JSON shape that becomes part of the cache
/// key) and `Hashable`. Conform through `DeterministicTransform` or `RandomTransform`, never directly: the split
/// is what lets a pre-cache list refuse augmentations at compile time and when decoding.
public protocol EventTransform: Codable, Hashable, Sendable {
    /// The `type` tag in JSON and the name in a spec string (`denoise:filterTime=10000`).
    static var name: String { get }
    /// One line for `--help`: what it does and its parameters.
    static var help: String { get }
    /// The event kinds it accepts; others are refused with `TransformError.unsupportedEventKind`.
    static var accepts: Set<EventKind> { get }
    /// Throws `invalidParameter` when a parameter is out of range for any input.
    func validate() throws(TransformError)
}

/// A transform whose output depends only on its input: it may run before the cache.
public protocol DeterministicTransform: EventTransform {
    /// The transformed events and the sensor they now live on (crop and downsample change it).
    func apply(_ events: consuming EventChunk, sensor: SensorSize) throws(TransformError) -> (EventChunk, SensorSize)
}

/// A deterministic transform that remembers earlier events of a recording: a per-pixel map or counter, or the
/// recording's first time. Applied with one `State` to consecutive chunks of a recording, it gives what
/// `apply(_:sensor:)` gives on the whole recording (what online inference needs; each type states any
/// start-up difference), for time-ordered input.
public protocol StatefulTransform: DeterministicTransform {
    associatedtype State: Sendable
    /// The state before a recording's first event, for events on `sensor`.
    func makeState(sensor: SensorSize) -> State
    /// The next chunk of the recording, continuing from `state` (which it updates).
    func apply(_ events: consuming EventChunk, sensor: SensorSize,
               state: inout State) throws(TransformError) -> (EventChunk, SensorSize)
}

/// An augmentation: draws from `random`, so it runs after the cache, once per sample and epoch.
public protocol RandomTransform: EventTransform {
    func apply(_ events: consuming EventChunk, sensor: SensorSize,
               random: inout TransformRandom) throws(TransformError) -> (EventChunk, SensorSize)
}

extension EventTransform {
    public static var accepts: Set<EventKind> { [.camera, .audio] }
    public func validate() throws(TransformError) {}

    /// Throws unless `sensor`'s event kind is one this transform accepts.
    func checkKind(_ sensor: SensorSize) throws(TransformError) {
        let kind = EventKind(sensor: sensor)
        guard Self.accepts.contains(kind) else { throw .unsupportedEventKind(transform: Self.name, kind: kind) }
    }

    func invalid(_ parameter: String, _ reason: String) -> TransformError {
        .invalidParameter(transform: Self.name, parameter: parameter, reason: reason)
    }
}

extension StatefulTransform {
    /// Refuses a state made for another sensor (`cells` entries where this sensor needs `expected`).
    func checkState(cells: Int, expected: Int) throws(TransformError) {
        guard cells == expected else {
            throw invalid("state", "it was made for another sensor (\(cells) cells, this one needs \(expected))")
        }
    }
}
