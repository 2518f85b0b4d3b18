import SpikeEvents
import SpikeNet
import SpikeTransforms

/// What streaming inference runs: the network, how events become its input frames (a `--time-window` binning:
/// one frame per window, one network time step per frame) and the pre-cache transforms it was trained behind.
public struct StreamModel: Sendable {
    public var network: Network
    public var binning: FrameBinning
    public var transforms: PreCacheTransforms
    /// Counts clipped to 1 (a pixel spiked in the window or not), as models trained on binary input expect.
    public var binaryInput: Bool
    /// Window width in µs.
    public let windowWidth: Int64

    public init(network: Network, binning: FrameBinning, transforms: PreCacheTransforms = .identity,
                binaryInput: Bool = false) throws(StreamError) {
        if let representation = binning.representation {
            throw .representationNotStreamable(representation: "\(representation)")
        }
        guard case .timeWindow(let width) = binning.slicing else {
            throw .unsupportedBinning(reason: "it was binned with \(binning.slicing), not with a time_window")
        }
        guard width > 0 else { throw .unsupportedBinning(reason: "the time window is \(width) µs") }
        guard binning.overlap == 0 else { throw .unsupportedBinning(reason: "windows overlap by \(binning.overlap) µs") }
        guard !binning.dropIncomplete else { throw .unsupportedBinning(reason: "it drops the last, partial window") }
        guard binning.compat == .native else { throw .unsupportedBinning(reason: "it follows tonic's slicing") }
        self.network = network
        self.binning = binning
        self.transforms = transforms
        self.binaryInput = binaryInput
        windowWidth = width
    }


    /// The frame sensor for events on `sensor`, checked against the network input `[C, H, W]`.
    func frameSensor(for sensor: SensorSize) throws(StreamError) -> SensorSize {
        let out: SensorSize
        do { out = try transforms.outputSensor(for: sensor) } catch { throw .transform(error) }
        let shape = [binning.channels(for: out), out.height, out.width]
        guard shape == network.config.inputShape else {
            throw .inputMismatch(sensor: out.description, network: network.config.inputShape)
        }
        return out
    }
}
