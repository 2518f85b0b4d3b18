import ArgumentParser
import SpikeNet
import SpikeTraining
#if SPIKESTREAM_TORCH
import SpikeTorch
#endif

/// `--device cpu|torch-cpu|cuda|cuda:N`: where training steps and evaluation passes run. cpu is the SNN engine; the
/// others are the libtorch backend, which the build has only where scripts/install-torch installed libtorch before
/// `swift build`.
struct EngineDeviceOption: ParsableArguments {
    @Option(help: ArgumentHelp("Where the network runs: cpu (the SNN engine), torch-cpu, cuda or cuda:N (libtorch; "
                               + "see scripts/install-torch). Default: cpu (train: the pipeline's device:, if any).",
                               valueName: "device"))
    var device: String?

    /// The device named, else `pipeline`'s (a pipeline YAML's `device:`), else the CPU engine.
    func chosen(pipeline: ComputeDevice? = nil) -> ComputeDevice {
        device.flatMap(ComputeDevice.init) ?? pipeline ?? .engine
    }

    /// libtorch's name for the device named on the command line (nil for the SNN engine).
    var torchDevice: String? { chosen().torchName }

    func validate() throws {
        if let device, ComputeDevice(device) == nil {
            throw ValidationError("--device must be \(ComputeDevice.allowed) (got '\(device)')")
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

    /// The trainer's backend for this device (or `pipeline`'s; nil: the SNN engine); throws a one-line error when the
    /// build lacks the torch backend or the device is absent (checked now, before any work). `threads` sizes ATen's
    /// CPU pool.
    func backend(threads: Int?, pipeline: ComputeDevice? = nil) throws
        -> (@Sendable (Network, Optimizer) throws -> any DataParallelBackend)? {
        let chosen = chosen(pipeline: pipeline)
        #if SPIKESTREAM_TORCH
        guard let name = try open(chosen, threads: threads) else { return nil }
        return { network, optimizer in try TorchTrainer(network, optimizer: optimizer, device: name) }
        #else
        guard chosen.torchName == nil else { throw Unavailable(device: chosen.name) }
        return nil
        #endif
    }

    /// The evaluation passes' backend for this device (nil: the SNN engine), with the same checks as `backend`.
    func inferenceBackend(threads: Int?) throws -> (@Sendable (Network) throws -> any InferenceBackend)? {
        let chosen = chosen()
        #if SPIKESTREAM_TORCH
        guard let name = try open(chosen, threads: threads) else { return nil }
        return { network in try TorchNetwork(network, device: name) }
        #else
        guard chosen.torchName == nil else { throw Unavailable(device: chosen.name) }
        return nil
        #endif
    }

    #if SPIKESTREAM_TORCH
    /// libtorch's name for `device` after opening it once (nil for the SNN engine); `threads` sizes ATen's pool.
    private func open(_ device: ComputeDevice, threads: Int?) throws -> String? {
        guard let name = device.torchName else { return nil }
        if let threads { Torch.setThreads(threads) }
        try Torch.checkDevice(name)
        return name
    }
    #endif

    /// The peak CUDA memory of this process on the device, in MiB (tensors: PyTorch's max_memory_allocated; the
    /// caching allocator: max_memory_reserved); empty off CUDA.
    func peakDeviceMemory() throws -> [String: Double] {
        #if SPIKESTREAM_TORCH
        guard let name = torchDevice, name.hasPrefix("cuda") else { return [:] }
        let peak = try Torch.peakMemory(name)
        return ["peak_gpu_allocated_mib": Double(peak.allocated) / 1_048_576,
                "peak_gpu_reserved_mib": Double(peak.reserved) / 1_048_576]
        #else
        return [:]
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
