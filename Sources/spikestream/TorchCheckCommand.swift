#if SPIKESTREAM_TORCH
import ArgumentParser
import SpikeFormats
import SpikeModel
import SpikeTorch

/// `torch-check` (hidden; scripts/device-check runs it on a GPU machine): the torch backend against the CPU engine
/// on gradient cases (docs/GRADIENTS.md) on any device, one line per case, the exit status 1 when any differs (a case the backend does not support yet is
/// listed as such). The
/// same comparison as SpikeTorchTests, for a machine without Swift's test tools; each case also through the staged
/// input path (the batch written once on the host, converted on the device) against the float path.
struct TorchCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "torch-check",
        abstract: "Compare the torch backend on a device with the CPU engine on gradient cases (.npz): spikes equal, "
            + "loss and gradients within 1e-4 relative.",
        shouldDisplay: false)

    @Argument(help: "Gradient cases (.npz, not their .expected.npz results).") var cases: [String]
    @OptionGroup var device: EngineDeviceOption

    func validate() throws {
        guard device.torchDevice != nil else { throw ValidationError("--device must name a torch device (torch-cpu, cuda or cuda:N)") }
        guard !cases.isEmpty else { throw ValidationError("name at least one gradient case") }
    }

    func run() throws {
        let name = device.torchDevice!
        try Torch.checkDevice(name)
        var failed = 0, unsupported = 0
        for path in cases {
            let gradientCase = try GradientCase(arrays: NumPyArchive.read(path: path), path: path)
            let (input, desired) = gradientCase.data
            let differences: [String]
            do {
                differences = try TorchEquivalence.differences({ try gradientCase.network() }, input: input,
                                                               desired: desired, device: name)
                    + TorchEquivalence.stagedDifferences({ try gradientCase.network() }, input: input, desired: desired,
                                                         device: name)
            } catch let error as TorchError {
                guard case .unsupported = error else { throw error }
                unsupported += 1
                print("UNSUPPORTED \(path): \(error)")
                continue
            }
            if !differences.isEmpty { failed += 1 }
            print("\(differences.isEmpty ? "PASS" : "FAIL") \(path)"
                  + (differences.isEmpty ? "" : ": " + differences.joined(separator: "; ")))
        }
        let compared = cases.count - unsupported
        print("torch-check: \(compared - failed) of \(compared) cases equal the CPU engine on \(device.chosen()) "
              + "(libtorch \(Torch.version))" + (unsupported > 0 ? "; \(unsupported) not supported by the backend" : ""))
        if failed > 0 { throw ExitCode(1) }
    }
}
#endif
