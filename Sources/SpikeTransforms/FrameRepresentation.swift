import Foundation
import SpikeEvents

/// A dense representation chosen instead of count frames at the binning stage (`preprocess --representation`,
/// the pipeline YAML's `binning: representation:`): a `VoxelGrid` or `TimeSurface`, float32 frames that the cache,
/// `train` and `infer` handle like any other. Written and parsed as its spec, `voxelGrid:bins=10` or
/// `timeSurface:dt=10000,tau=5000`; part of the binning, so part of the cache key.
public enum FrameRepresentation: Hashable, Codable, Sendable, CustomStringConvertible {
    case voxelGrid(VoxelGrid)
    case timeSurface(TimeSurface)

    /// The choices as `--help` and the YAML docs list them.
    public static let help = "frames (count frames, the default), \(VoxelGrid.help), \(TimeSurface.help)"

    /// Parses `voxelGrid:bins=B` or `timeSurface:dt=µs,tau=µs` (`nil` for `frames`, the default: count frames).
    public static func parse(_ spec: String) throws(BinningError) -> FrameRepresentation? {
        let text = spec.trimmingCharacters(in: .whitespaces)
        let (name, rest) = text.firstIndex(of: ":").map { (String(text[..<$0]), String(text[text.index(after: $0)...])) }
            ?? (text, "")
        var values: [String: String] = [:]
        for pair in rest.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, values[parts[0]] == nil else { throw bad(spec, "'\(pair)' is not a single key=value") }
            values[parts[0]] = parts[1]
        }
        func take<T: LosslessStringConvertible>(_ key: String, _ what: String) throws(BinningError) -> T {
            guard let text = values.removeValue(forKey: key) else { throw bad(spec, "\(name) needs \(key)=\(what)") }
            guard let value = T(text) else { throw bad(spec, "\(key)=\(text) is not \(what)") }
            return value
        }
        let representation: FrameRepresentation?
        switch name {
        case "frames": representation = nil
        case VoxelGrid.name: representation = .voxelGrid(VoxelGrid(bins: try take("bins", "a whole number of bins")))
        case TimeSurface.name:
            representation = .timeSurface(TimeSurface(dt: try take("dt", "a whole number of µs"),
                                                      tau: try take("tau", "a number of µs")))
        default: throw bad(spec, "unknown representation '\(name)'; choose \(help)")
        }
        if let extra = values.keys.sorted().first { throw bad(spec, "\(name) has no parameter '\(extra)'") }
        try representation?.validate()
        return representation
    }

    private static func bad(_ spec: String, _ reason: String) -> BinningError {
        .invalidParameter(parameter: "representation", reason: "'\(spec)': \(reason)")
    }

    /// The spec it parses from.
    public var description: String {
        switch self {
        case .voxelGrid(let grid): "\(VoxelGrid.name):bins=\(grid.bins)"
        case .timeSurface(let surface):
            "\(TimeSurface.name):dt=\(surface.dt),tau=" + (surface.tau == surface.tau.rounded() && abs(surface.tau) < 1e15
                                                           ? String(Int64(surface.tau)) : String(surface.tau))
        }
    }

    /// How the representation cuts time, as a binning's slicing: `bins` steps for a voxel grid (every sample has
    /// them), windows of `dt` µs for time surfaces (their number follows the sample's duration).
    public var slicing: FrameBinning.Slicing {
        switch self {
        case .voxelGrid(let grid): .nTimeBins(grid.bins)
        case .timeSurface(let surface): .timeWindow(surface.dt)
        }
    }

    /// Channels of the output: one signed channel for a voxel grid, one per polarity for time surfaces.
    public func channels(for sensor: SensorSize) -> Int {
        switch self {
        case .voxelGrid: 1
        case .timeSurface: sensor.polarities
        }
    }

    /// Float32 frames `[T, C, H, W]` of `events` (time-ordered) on `sensor`.
    public func frames(_ events: EventChunk, sensor: SensorSize) throws(BinningError) -> FrameTensor {
        do {
            switch self {
            case .voxelGrid(let grid): return try grid.frames(events, sensor: sensor)
            case .timeSurface(let surface): return try surface.frames(events, sensor: sensor)
            }
        } catch {
            throw .representationFailed(representation: description, reason: "\(error)")
        }
    }

    func validate() throws(BinningError) {
        switch self {
        case .voxelGrid(let grid) where grid.bins < 1:
            throw Self.bad(description, "bins must be at least 1")
        case .timeSurface(let surface) where surface.dt < 1:
            throw Self.bad(description, "dt must be at least 1 µs")
        case .timeSurface(let surface) where !(surface.tau > 0 && surface.tau.isFinite):
            throw Self.bad(description, "tau must be a positive number of µs")
        default: break
        }
    }

    public init(from decoder: any Decoder) throws {
        let spec = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = try Self.parse(spec) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'frames' is no representation"))
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
