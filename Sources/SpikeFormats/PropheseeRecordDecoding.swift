import SpikeEvents

/// The body decoding of one Prophesee format (EVT 2.0, EVT 3.0, DAT), driven by `PropheseeStreamDecoder`:
/// it checks the header, takes the bytes between header and records, and turns runs of whole records into
/// events, carrying its state (time base, current row…) from one run to the next.
protocol PropheseeRecordDecoding {
    /// Bytes per record: 4 (EVT 2.0 words), 2 (EVT 3.0 words), 8 (DAT events).
    static var recordSize: Int { get }
    /// Bytes between the header and the first record (DAT: event type and size), 0 for RAW.
    static var preambleSize: Int { get }
    /// The sensor to assume when neither the caller nor the header gives one.
    static var defaultSensor: SensorSize { get }

    /// The EVT version a RAW header must not contradict (`"2.0"`, `"3.0"`); `nil` for DAT.
    static var evtVersion: String? { get }

    /// Throws when `header` declares another format (naming the format to use instead).
    static func check(_ header: PropheseeHeader, path: String) throws(EventFileError)

    init(path: String, sensorSize: SensorSize)

    /// Takes the `preambleSize` bytes after the header, found at byte `offset`.
    mutating func readPreamble(_ bytes: UnsafeRawBufferPointer, offset: Int64) throws(EventFileError)

    /// Decodes whole records starting at byte `fileOffset`.
    mutating func decode(_ records: UnsafeRawBufferPointer, fileOffset: Int64) throws(EventFileError) -> EventChunk
}

extension PropheseeRecordDecoding {
    mutating func readPreamble(_ bytes: UnsafeRawBufferPointer, offset: Int64) throws(EventFileError) {}

    /// A RAW header that declares an EVT version other than `evtVersion` is an error.
    static func check(_ header: PropheseeHeader, path: String) throws(EventFileError) {
        guard let expected = evtVersion, let version = header.evtVersion, !version.hasPrefix(expected) else { return }
        let advice = switch version {
        case "2.0": "open it as EVT 2.0 (--format evt2)"
        case "3.0": "open it as EVT 3.0 (--format evt3)"
        default: "SpikeStream reads EVT 2.0 and EVT 3.0 only; convert the recording with Prophesee's Metavision tools"
        }
        throw .malformed(path: path, offset: 0, reason: "the header declares EVT \(version), not EVT \(expected); "
                             + advice)
    }

    /// The error for an event outside the sensor, at byte `offset`.
    static func outside(path: String, offset: Int64, x: Int, y: Int, sensor: SensorSize) -> EventFileError {
        .malformed(path: path, offset: offset, reason: "event x=\(x), y=\(y) lies outside the \(sensor.width)×"
                       + "\(sensor.height) sensor; pass the camera's sensor size (--sensor WxH) if the header "
                       + "does not give it, else the file is damaged")
    }
}
