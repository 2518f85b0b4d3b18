import ArgumentParser
import SpikeNet
import SpikeTraining
#if SPIKESTREAM_TORCH
import SpikeTorch
#endif

/// `--device cpu|torch-cpu|cuda|cuda:N`: where training steps run. cpu is the SNN engine; the others are the
/// libtorch backend, which the build has only where scripts/install-torch installed libtorch before `swift build`.
struct EngineDeviceOption: ParsableArguments {
    @Option(help: ArgumentHelp("Where training runs: cpu (the SNN engine), torch-cpu, cuda or cuda:N (libtorch; "
                               + "see scripts/install-torch).", valueName: "device"))
    var device = "cpu"

    /// libtorch's name for the device (nil for the SNN engine).
    var torchDevice: String? {
        device == "cpu" ? nil : device == "torch-cpu" ? "cpu" : device
    }

    func validate() throws {
        let cuda = device == "cuda" || (device.hasPrefix("cuda:") && Int(device.dropFirst(5)).map { $0 >= 0 } == true)
        guard ["cpu", "torch-cpu"].contains(device) || cuda else {
            throw ValidationError("--device must be cpu, torch-cpu, cuda or cuda:N (got '\(device)')")
        }
    }

    /// Whether this build has the torch backend.
    static var torchBuilt: Bool {
        #if SPIKESTREAM_TORCH
        true
        #else
        false
        #endif
    }

    /// The trainer's backend for this device (nil: the SNN engine); throws a one-line error when the build lacks the
    /// torch backend or the device is absent (checked now, before any work). `threads` sizes ATen's CPU pool.
    func backend(threads: Int?) throws -> (@Sendable (Network, Optimizer) throws -> any TrainingBackend)? {
        guard let name = torchDevice else { return nil }
        #if SPIKESTREAM_TORCH
        if let threads { Torch.setThreads(threads) }
        try Torch.checkDevice(name)
        return { network, optimizer in try TorchTrainer(network, optimizer: optimizer, device: name) }
        #else
        throw Unavailable(device: device)
        #endif
    }

    /// A torch device asked of a build without the torch backend.
    struct Unavailable: Error, CustomStringConvertible {
        let device: String
        var description: String {
            "--device \(device) needs the torch backend, which this build does not have: run scripts/install-torch, "
                + "then swift build (or use --device cpu)"
        }
    }
}
