import SpikeEvents
import SpikeTransforms

/// `binning:` — how events become frames; the same options as the CLI's binning flags.
public struct BinningSection: Sendable, Codable, Hashable {
    public var timeBins: Int?
    public var eventBins: Int?
    public var timeWindow: Int64?
    public var eventCount: Int?
    public var overlap: Double?
    public var dropIncomplete: Bool?
    public var start: Int64?
    public var end: Int64?
    public var mergePolarities: Bool?
    public var dtype: FrameDType?
    public var compat: FrameBinning.Compat?
    /// `frames` (count frames, the default), `voxelGrid:bins=B` or `timeSurface:dt=µs,tau=µs`.
    public var representation: FrameRepresentation?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case overlap, start, end, dtype, compat, representation
        case timeBins = "time_bins", eventBins = "event_bins", timeWindow = "time_window", eventCount = "event_count"
        case dropIncomplete = "drop_incomplete", mergePolarities = "merge_polarities"
    }

    public init(timeBins: Int? = nil) { self.timeBins = timeBins }

    public init(from decoder: any Decoder) throws {
        let c = try ConfigSection(decoder, allowed: CodingKeys.allCases.map(\.rawValue))
        timeBins = try c.optional("time_bins", Int.self, expected: "an integer")
        eventBins = try c.optional("event_bins", Int.self, expected: "an integer")
        timeWindow = try c.optional("time_window", Int64.self, expected: "an integer (µs)")
        eventCount = try c.optional("event_count", Int.self, expected: "an integer")
        overlap = try c.optional("overlap", Double.self, expected: "a number")
        dropIncomplete = try c.optional("drop_incomplete", Bool.self, expected: "true or false")
        start = try c.optional("start", Int64.self, expected: "an integer (µs)")
        end = try c.optional("end", Int64.self, expected: "an integer (µs)")
        mergePolarities = try c.optional("merge_polarities", Bool.self, expected: "true or false")
        dtype = try c.choice("dtype", FrameDType.self)
        compat = try c.choice("compat", among: [FrameBinning.Compat.native, .tonic])
        let slicings = ["time_bins", "event_bins", "time_window", "event_count"].filter(c.has)
        guard slicings.count <= 1 else {
            throw PipelineConfigError.invalid(key: c.path, reason: "choose one of time_bins, event_bins, time_window, "
                                                  + "event_count (found \(slicings.joined(separator: ", ")))")
        }
        if let spec = try c.optional("representation", String.self, expected: "frames, voxelGrid:bins=B or timeSurface:dt=µs,tau=µs") {
            do { representation = try FrameRepresentation.parse(spec) } catch {
                throw PipelineConfigError.invalid(key: c.qualified("representation"), reason: error.description)
            }
            let others = CodingKeys.allCases.map(\.rawValue).filter { $0 != "representation" && c.has($0) }
            if representation != nil, !others.isEmpty {
                throw PipelineConfigError.invalid(key: c.path, reason: "representation \(spec) makes its own time steps "
                                                      + "and float32 values; leave out \(others.joined(separator: ", "))")
            }
        }
        do { try frameBinning.validate() } catch {
            throw PipelineConfigError.invalid(key: c.path, reason: error.description)
        }
    }

    /// The binning (16 time bins unless a slicing is given).
    public var frameBinning: FrameBinning {
        if let representation { return FrameBinning(representation: representation) }
        let slicing: FrameBinning.Slicing =
            if let t = eventBins { .nEventBins(t) } else if let w = timeWindow { .timeWindow(w) }
            else if let c = eventCount { .eventCount(c) } else { .nTimeBins(timeBins ?? 16) }
        return FrameBinning(slicing, overlap: overlap ?? 0,
                            dropIncomplete: dropIncomplete ?? FrameBinning.defaultDropIncomplete(slicing, compat: compat ?? .native),
                            start: start, end: end, mergePolarities: mergePolarities ?? false, dtype: dtype,
                            compat: compat ?? .native)
    }

    /// A short name for file names, e.g. `T16`, `E10`, `w10000us`, `c500` (as `preprocess` names its output).
    public var shortName: String { frameBinning.shortName }
}
