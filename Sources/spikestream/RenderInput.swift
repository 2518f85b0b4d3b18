import ArgumentParser
import SpikeCache
import SpikeEvents
import SpikeFormats
import SpikeRender

/// Where `render frames` and `render gif` get frames: an event file binned with the binning options, or one
/// sample of an HDF5 cache (already binned).
struct RenderFrameInput: ParsableArguments {
    @Argument(help: "An event file (.bin, .bs2, .aedat, .aedat4, .raw, .dat) or an HDF5 cache (.h5).")
    var input: String

    @OptionGroup var choice: CacheSampleChoice

    @Option(help: "Sensor size WxH for event files whose format does not fix it (e.g. 34x34).")
    var sensor: SensorSizeArgument?

    @Option(help: "Enlarge each sensor pixel to NxN image pixels (default: about 128 px per frame side).")
    var scale: Int?

    @OptionGroup(title: "Binning (event files; a cache is already binned)")
    var binning: BinningOptions

    func validate() throws {
        if let scale, scale < 1 { throw ValidationError("--scale must be ≥ 1") }
        if choice.isGiven, !isCache {
            throw ValidationError("--sample and --split select a sample of a cache (.h5); '\(input)' is an event file")
        }
    }

    private var isCache: Bool { input.lowercased().hasSuffix(".h5") }

    /// The frames and a one-line description of where they came from.
    func frames() throws -> (frames: FrameTensor, origin: String) {
        if isCache {
            let reader = try CacheReader(path: input)
            let (index, words) = try choice.locate(in: reader)
            let label = Int(reader.labels[index])
            let number = reader.classNames == nil ? "" : " = label \(label)"
            return (try reader.frames(at: index),
                    "\(words), class \(ClassName.of(label, in: reader.classNames))\(number) of \(input)")
        }
        guard let format = EventFileFormat.detect(path: input) else {
            throw ValidationError("unknown file type '\(input)': expected .bin, .bs2, .aedat, .aedat4, .raw, .dat or .h5")
        }
        let reader = try format.openReader(path: input, sensorSize: sensor?.size)
        let events = try reader.readAll()
        return (try binning.binning.frames(events, sensor: reader.sensorSize),
                "\(events.count) events of \(input), \(binning.shortName)")
    }

    /// `--scale`, or the automatic one for the frames' sensor size (a one-row sensor is drawn time × channel,
    /// about 480 px on its long side).
    func scale(for frames: FrameTensor) -> Int {
        let s = frames.shape
        return scale ?? (s.height == 1 ? FrameImages.autoScale(width: s.timeSteps, height: s.width, target: 480)
                                       : FrameImages.autoScale(width: s.width, height: s.height))
    }
}
