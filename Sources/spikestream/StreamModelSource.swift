import ArgumentParser
import SpikeFormats
import SpikeModel
import SpikeNet
import SpikeStreaming
import SpikeTraining
import SpikeTransforms

/// Where `stream` and `bench stream` get their network: a trained model file, or (for trying the plumbing)
/// an untrained network built from a spec.
struct StreamModelOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Trained model (.h5 from `spikestream train`: network, binning, transforms, dataset), or a "
        + "NIR graph (.nir), whose dataset and transforms then come from --dataset, --transform, --input and its "
        + "windows from --time-window."))
    var model: String?
    @OptionGroup var nir: NIRPipelineOptions
    @Option(help: ArgumentHelp("Without --model: an UNTRAINED network of this spec on the format's sensor "
        + "(predictions are meaningless; for trying the stream plumbing)."))
    var spec: String?
    @Option(help: ArgumentHelp("Window (and network time step) in µs. Default: the model's time_window, which "
        + "gives exactly `infer`'s frames. Required when the model was trained on another slicing (e.g. "
        + "time_bins: T; about mean sample duration / T approximates it)."))
    var timeWindow: Int64?

    /// A NIR graph's binning: `--time-window` µs windows (10 ms when not given), as a stream slices.
    private var nirBinning: BinningOptions {
        get throws { try BinningOptions.parse(["--time-window", "\(timeWindow ?? 10_000)"]) }
    }

    /// The streaming model and, from a model file, the format its dataset uses. An untrained `--spec` network
    /// takes its input shape from `format`'s sensor (N-MNIST when not known).
    func load(format: StreamFormat?) throws -> (StreamModel, StreamFormat?, DVS128Orientation) {
        if let model {
            let checkpoint = ModelCheckpoint.isNIR(path: model)
                ? try ModelCheckpoint.importing(nir: model, pipeline: nir.pipeline(try nirBinning))
                : try ModelCheckpoint.read(path: model)
            let trained = checkpoint.config.binning.frameBinning.slicing
            if let timeWindow, trained != .timeWindow(timeWindow) {
                logLine("stream: note: the model was trained on \(trained) frames; \(timeWindow) µs windows "
                    + "approximate it, so predictions can differ from `infer`'s")
            }
            return (try StreamModel(checkpoint: checkpoint, timeWindow: timeWindow),
                    StreamFormat(dataset: checkpoint.config.dataset.name),
                    checkpoint.config.dataset.orientation ?? .standard)
        }
        guard let spec else { throw ValidationError("pass --model M.h5 (or --spec SPEC for an untrained network)") }
        let sensor = (format ?? .nmnist).sensorSize()
        let network = try Network(NetworkConfig(spec: spec, inputShape: [sensor.polarities, sensor.height, sensor.width],
                                                neuron: .lif(LIF()), rule: .stbp(STBP()), loss: .rateMSE, initGain: 3))
        return (try StreamModel(network: network, binning: FrameBinning(.timeWindow(timeWindow ?? 10_000))), nil, .standard)
    }
}

extension StreamFormat: ExpressibleByArgument {}
