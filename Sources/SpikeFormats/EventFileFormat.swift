import SpikeEvents

/// The event file formats SpikeStream reads, recognised by file extension and, where one extension covers
/// several formats, by the file's first bytes.
public enum EventFileFormat: String, CaseIterable, Sendable {
    /// N-MNIST / N-Caltech101 ATIS records (`.bin`, SLAYER's `.bs2`).
    case nmnist
    /// jAER AEDAT 2.0 with DVS128 addresses (CIFAR10-DVS): `.aedat` starting `#!AER-DAT2.x`.
    case aedat2
    /// AEDAT 3.1 (DVS128-Gesture): `.aedat` starting `#!AER-DAT3.x`.
    case aedat31
    /// AEDAT 4.0 (iniVation DV): `.aedat4`, or `.aedat` starting `#!AER-DAT4.0`.
    case aedat4
    /// Prophesee RAW in EVT 2.0: `.raw` whose header does not declare EVT 3.0.
    case evt2
    /// Prophesee RAW in EVT 3.0: `.raw` whose header says `% evt 3.0` or `% format EVT3`.
    case evt3
    /// Prophesee DAT change-detection events: `.dat`.
    case dat

    /// The format of `path`. A `.aedat` file is AEDAT 4.0 or 3.1 when its first line says so, and AEDAT 2.0
    /// otherwise (including unreadable files, so that opening it reports the actual problem).
    public static func detect(path: String) -> EventFileFormat? {
        switch path.split(separator: ".").last.map({ $0.lowercased() }) {
        case "bin", "bs2": .nmnist
        case "aedat4": .aedat4
        case "aedat": aedatVersion(path)
        case "raw": rawHeaderVersion(path)?.hasPrefix("3") == true ? .evt3 : .evt2
        case "dat": .dat
        default: nil
        }
    }

    /// Opens a streaming reader for `path` in this format. `sensorSize` overrides the format's or the file's
    /// own; `orientation` applies to DVS128 address words (AEDAT 2.0); the other formats store x, y, p in
    /// SpikeStream's convention already.
    public func openReader(path: String, sensorSize: SensorSize? = nil,
                           orientation: DVS128Orientation = .standard) throws -> any EventReader {
        switch self {
        case .nmnist: try NMNISTReader(path: path, sensorSize: sensorSize ?? .nmnist)
        case .aedat2: try AEDAT2Reader(path: path, orientation: orientation)
        case .aedat31: try AEDAT31Reader(path: path, sensorSize: sensorSize ?? .dvs128)
        case .aedat4: try AEDAT4Reader(path: path, sensorSize: sensorSize)
        case .evt2: try PropheseeReader(path: path, encoding: .evt2, sensorSize: sensorSize)
        case .evt3: try PropheseeReader(path: path, encoding: .evt3, sensorSize: sensorSize)
        case .dat: try PropheseeReader(path: path, encoding: .dat, sensorSize: sensorSize)
        }
    }

    private static func head(_ path: String, bytes: Int) -> [UInt8] {
        guard let input = try? FileInput(path: path) else { return [] }
        var head = [UInt8](repeating: 0, count: bytes)
        let n = head.withUnsafeMutableBytes { (try? input.read(into: $0)) ?? 0 }
        return Array(head[0..<n])
    }

    /// AEDAT 4.0 or 3.1 when the first line says so, else 2.0; one read of the version prefix and its digit.
    private static func aedatVersion(_ path: String) -> EventFileFormat {
        let prefix = Array(AEDATHeader.versionPrefix.utf8)
        let first = head(path, bytes: prefix.count + 1)
        guard first.count == prefix.count + 1, first.starts(with: prefix) else { return .aedat2 }
        return switch first.last { case UInt8(ascii: "4"): .aedat4; case UInt8(ascii: "3"): .aedat31; default: .aedat2 }
    }

    /// The EVT version the `%` header of a RAW file declares, read from its first 64 KiB.
    private static func rawHeaderVersion(_ path: String) -> String? {
        var parser = PropheseeHeaderParser(path: path)
        let bytes = head(path, bytes: 1 << 16)
        _ = try? bytes.withBytes { (b) throws(EventFileError) in try parser.push(b, endOfInput: true) }
        return parser.header?.evtVersion
    }
}

extension EventFileFormat {
    /// The file readers' default `mapLimit`: regular files up to 64 MiB are mapped and decoded in place, larger ones
    /// (and pipes) are read block by block, so memory stays bounded by the block size.
    public static let defaultMapLimit: Int64 = 64 << 20
}
