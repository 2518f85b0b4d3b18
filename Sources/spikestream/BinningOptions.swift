import ArgumentParser
import SpikeEvents
import SpikeTransforms

/// Command-line form of `FrameBinning` (semantics: docs/PIPELINES.md, "binning"), shared by every command that bins events.
struct BinningOptions: ParsableArguments {
    @Option(help: "T frames of equal duration: bin = ⌊(t − t0)·T / D⌋ (the default, with T = 16: every dataset's default binning).")
    var timeBins: Int?
    @Option(help: "T frames of equal event counts: event i → bin ⌊i·T / N⌋.")
    var eventBins: Int?
    @Option(help: "Frames of this many µs each: bin = ⌊(t − t0) / w⌋.")
    var timeWindow: Int64?
    @Option(help: "Frames of this many events each: event i → bin ⌊i / c⌋.")
    var eventCount: Int?
    @Option(help: "Overlap between windows: µs (--time-window), events (--event-count), or a fraction of a bin in [0, 1) (--time-bins, --event-bins).")
    var overlap: Double = 0
    @Flag(inversion: .prefixedNo,
          help: "Drop (or keep) the last, partial window (--time-window, --event-count); kept by default, dropped with --compat tonic as tonic's ToFrame does.")
    var dropIncomplete: Bool?
    @Option(help: "Fixed span start in µs (default: the first event).")
    var start: Int64?
    @Option(help: "Fixed span end in µs, inclusive (default: the last event).")
    var end: Int64?
    @Flag(help: "One channel for both polarities instead of on/off channels.")
    var mergePolarities = false
    @Option(help: "Frame element type: uint8 or uint16 (saturating counts) or float32 (default uint8; uint16 with --compat tonic).")
    var dtype: FrameDType?
    @Option(help: "native (docs/PIPELINES.md, binning) or tonic (tonic 1.7 ToFrame, bit for bit).")
    var compat: FrameBinning.Compat = .native
    @Option(help: ArgumentHelp(
        "What to make of each sample: frames (event counts, the default), voxelGrid:bins=B or timeSurface:dt=µs,tau=µs (float32; part of the cache key).",
        discussion: "voxelGrid: [B, 1, H, W], signed polarities split bilinearly in time; timeSurface: [T, P, H, W], exp(−age/tau) of each cell's latest event read every dt µs (docs/PIPELINES.md, binning). Either replaces the count-frame options above."))
    var representation: String?

    func validate() throws {
        let chosen = [timeBins != nil, eventBins != nil, timeWindow != nil, eventCount != nil].filter { $0 }.count
        guard chosen <= 1 else {
            throw ValidationError("choose one of --time-bins, --event-bins, --time-window, --event-count")
        }
        if let representation = try parsedRepresentation {
            let given = [(timeBins != nil, "--time-bins"), (eventBins != nil, "--event-bins"),
                         (timeWindow != nil, "--time-window"), (eventCount != nil, "--event-count"),
                         (start != nil, "--start"), (end != nil, "--end"), (overlap != 0, "--overlap"),
                         (dropIncomplete != nil, "--[no-]drop-incomplete"), (mergePolarities, "--merge-polarities"),
                         (dtype != nil, "--dtype"), (compat != .native, "--compat")]
                .filter { $0.0 }.map { $0.1 }
            guard given.isEmpty else {
                throw ValidationError("--representation \(representation) makes its own time steps and float32 values; "
                                      + "leave out \(given.joined(separator: ", "))")
            }
        }
        do { try binning.validate() } catch { throw ValidationError(error.description) }
    }

    /// `--representation`, parsed (`nil` for count frames).
    private var parsedRepresentation: FrameRepresentation? {
        get throws {
            guard let representation else { return nil }
            do { return try FrameRepresentation.parse(representation) } catch { throw ValidationError(error.description) }
        }
    }

    var binning: FrameBinning { binning(default: .nTimeBins(16)) }

    /// The slicing asked for, or `fallback` (a dataset's default) when none of the four options is given.
    func slicing(default fallback: FrameBinning.Slicing) -> FrameBinning.Slicing {
        if let t = timeBins { .nTimeBins(t) } else if let t = eventBins { .nEventBins(t) }
        else if let w = timeWindow { .timeWindow(w) } else if let c = eventCount { .eventCount(c) } else { fallback }
    }

    /// The representation asked for, else count frames sliced as asked (or by `fallback`).
    func binning(default fallback: FrameBinning.Slicing) -> FrameBinning {
        if let representation = try? parsedRepresentation { return FrameBinning(representation: representation) }
        let slicing = slicing(default: fallback)
        return FrameBinning(slicing, overlap: overlap,
                            dropIncomplete: dropIncomplete ?? FrameBinning.defaultDropIncomplete(slicing, compat: compat),
                            start: start, end: end,
                            mergePolarities: mergePolarities, dtype: dtype, compat: compat)
    }

    /// A short name for file names, e.g. `T16`, `E10`, `w10000us`, `c500`, `voxelGrid10`.
    var shortName: String { shortName(default: .nTimeBins(16)) }

    func shortName(default fallback: FrameBinning.Slicing) -> String { binning(default: fallback).shortName }
}

extension FrameDType: ExpressibleByArgument {}
extension FrameBinning.Compat: ExpressibleByArgument {}
