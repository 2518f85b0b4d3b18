import SpikeEvents

/// The event file formats SpikeStream reads, recognised by file extension (and, for `.aedat`, by the version
/// in the first header line).
public enum EventFileFormat: String, CaseIterable, Sendable {
    /// N-MNIST / N-Caltech101 ATIS records (`.bin`, SLAYER's `.bs2`).
    case nmnist
    /// jAER AEDAT 2.0 with DVS128 addresses (CIFAR10-DVS): `.aedat` starting `#!AER-DAT2.x`.
    case aedat2
    /// AEDAT 3.1 (DVS128-Gesture): `.aedat` starting `#!AER-DAT3.x`.
    case aedat31

    /// The format of `path`. A `.aedat` file is AEDAT 3.1 when its first line says `#!AER-DAT3`, and AEDAT 2.0
    /// otherwise (including unreadable files, so that opening it reports the actual problem).
    public static func detect(path: String) -> EventFileFormat? {
        switch path.split(separator: ".").last.map({ $0.lowercased() }) {
        case "bin", "bs2": .nmnist
        case "aedat": firstLineStarts(path, with: AEDATHeader.versionPrefix + "3") ? .aedat31 : .aedat2
        default: nil
        }
    }

    /// Opens a streaming reader for `path` in this format. `orientation` applies to DVS128 address words
    /// (AEDAT 2.0); the other formats store x, y, p in SpikeStream's convention already.
    public func openReader(path: String, sensorSize: SensorSize? = nil,
                           orientation: DVS128Orientation = .standard) throws -> any EventReader {
        switch self {
        case .nmnist: try NMNISTReader(path: path, sensorSize: sensorSize ?? .nmnist)
        case .aedat2: try AEDAT2Reader(path: path, orientation: orientation)
        case .aedat31: try AEDAT31Reader(path: path, sensorSize: sensorSize ?? .dvs128)
        }
    }

    private static func firstLineStarts(_ path: String, with prefix: String) -> Bool {
        guard let input = try? FileInput(path: path) else { return false }
        var head = [UInt8](repeating: 0, count: prefix.utf8.count)
        let n = head.withUnsafeMutableBytes { (try? input.read(into: $0)) ?? 0 }
        return n == head.count && head.elementsEqual(prefix.utf8)
    }
}
