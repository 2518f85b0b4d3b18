import SpikeEvents

/// The event file formats SpikeStream reads, recognised by file extension.
public enum EventFileFormat: String, CaseIterable, Sendable {
    /// N-MNIST / N-Caltech101 ATIS records (`.bin`, SLAYER's `.bs2`).
    case nmnist

    public static func detect(path: String) -> EventFileFormat? {
        switch path.split(separator: ".").last.map({ $0.lowercased() }) {
        case "bin", "bs2": .nmnist
        default: nil
        }
    }

    /// Opens a streaming reader for `path` in this format.
    public func openReader(path: String, sensorSize: SensorSize? = nil) throws -> any EventReader {
        switch self {
        case .nmnist: try NMNISTReader(path: path, sensorSize: sensorSize ?? .nmnist)
        }
    }
}
