import SpikeEvents

/// The Prophesee recording formats SpikeStream reads: RAW files in EVT 2.0 or EVT 3.0, and DAT files.
public enum PropheseeEncoding: String, CaseIterable, Sendable {
    /// RAW, 32-bit EVT 2.0 words (Gen3 cameras, the default of older Metavision versions).
    case evt2
    /// RAW, 16-bit vectorised EVT 3.0 words (Gen4.1 / IMX636 cameras: EVK3, EVK4).
    case evt3
    /// DAT, 8-byte change-detection records (N-CARS, Gen1 Automotive).
    case dat

    var records: any PropheseeRecordDecoding.Type {
        switch self {
        case .evt2: EVT2WordDecoder.self
        case .evt3: EVT3WordDecoder.self
        case .dat: DATRecordDecoder.self
        }
    }

    /// The sensor assumed when neither the caller nor the file's header gives one: 2048×2048 for RAW (any
    /// 11-bit address), 304×240 (ATIS / Gen1) for DAT.
    public var defaultSensor: SensorSize { records.defaultSensor }
}
