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
    @Option(help: ArgumentHelp("Arithmetic of a libtorch device's convolutions and GEMMs: fp32, tf32 (cuda only) or bf16 "
                               + "(neurons, rules and losses stay fp32; see docs/TORCH.md). Default: fp32 (train: the "
                               + "pipeline's precision:, if any).", valueName: "precision"))
    var precision: ComputePrecision?

    /// The device named, else `pipeline`'s (a pipeline YAML's `device:`), else the CPU engine.
    func chosen(pipeline: ComputeDevice? = nil) -> ComputeDevice {
        device.flatMap(ComputeDevice.init) ?? pipeline ?? .engine
    }

    /// The precision named, else `pipeline`'s, else fp32; refused (one line) where `device` cannot compute it.
    func chosenPrecision(on device: ComputeDevice, pipeline: ComputePrecision? = nil) throws -> ComputePrecision {
        let chosen = precision ?? pipeline ?? .fp32
        if chosen != .fp32 && device.torchName == nil {
            throw PrecisionUnavailable(precision: chosen, device: device.name,
                                       remedy: "the SNN engine computes fp32 only: use --device torch-cpu or cuda, or --precision fp32")
        }
        if chosen == .tf32 && !(device.torchName ?? "").hasPrefix("cuda") {
            throw PrecisionUnavailable(precision: chosen, device: device.name,
                                       remedy: "TF32 is an NVIDIA tensor-core format: use --device cuda, or --precision fp32 or bf16")
        }
        return chosen
    }

    /// libtorch's name for the device named on the command line (nil for the SNN engine).
    var torchDevice: String? { chosen().torchName }

    func validate() throws {
        if let device, ComputeDevice(device) == nil {
            throw ValidationError("--device must be \(ComputeDevice.allowed) (got '\(device)')")
        }
        if let device = device.flatMap(ComputeDevice.init) { _ = try chosenPrecision(on: device) }
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
    func backend(threads: Int?, pipeline: ComputeDevice? = nil, pipelinePrecision: ComputePrecision? = nil) throws
        -> (@Sendable (Network, Optimizer) throws -> any DataParallelBackend)? {
        let chosen = chosen(pipeline: pipeline)
        let precision = try chosenPrecision(on: chosen, pipeline: pipelinePrecision)
        #if SPIKESTREAM_TORCH
        guard let name = try open(chosen, threads: threads) else { return nil }
        return { network, optimizer in try TorchTrainer(network, optimizer: optimizer, device: name, precision: precision) }
        #else
        guard chosen.torchName == nil else { throw Unavailable(device: chosen.name) }
        return nil
        #endif
    }

    /// The evaluation passes' backend for this device (nil: the SNN engine), with the same checks as `backend`.
    func inferenceBackend(threads: Int?) throws -> (@Sendable (Network) throws -> any InferenceBackend)? {
        let chosen = chosen()
        let precision = try chosenPrecision(on: chosen)
        #if SPIKESTREAM_TORCH
        guard let name = try open(chosen, threads: threads) else { return nil }
        return { network in
            let copy = try TorchNetwork(network, device: name)
            try copy.setPrecision(precision)
            return copy
        }
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

    /// A precision the device cannot compute.
    struct PrecisionUnavailable: Error, CustomStringConvertible {
        let precision: ComputePrecision
        let device: String
        let remedy: String
        var description: String { "--precision \(precision) is not available on --device \(device): \(remedy)" }
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

extension ComputePrecision: ExpressibleByArgument {}
