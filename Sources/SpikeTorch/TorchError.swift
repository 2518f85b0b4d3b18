import CTorchBackend

/// What the libtorch backend reports: each case carries libtorch's one-line message.
public enum TorchError: Error, Equatable, CustomStringConvertible {
    /// The device is unknown or absent (no libtorch_cuda.so, no GPU, index out of range).
    case deviceUnavailable(device: String, reason: String)
    /// The device ran out of memory during a step (on a batch of `batch` samples, where known).
    case outOfMemory(reason: String, batch: Int? = nil)
    /// A layer, neuron, rule or loss the torch backend does not implement yet.
    case unsupported(what: String)
    /// Anything else libtorch refused or raised.
    case failed(reason: String)

    public var description: String {
        switch self {
        case let .deviceUnavailable(device, reason): "device '\(device)' is not available: \(reason)"
        case let .outOfMemory(reason, batch?):
            "the device ran out of memory training a batch of \(batch) samples: set batch_size to \(max(batch / 2, 1)) in "
                + "the pipeline (or --batch \(max(batch / 2, 1)) for bench snn) and run again (libtorch: \(Self.firstLine(reason)))"
        case let .outOfMemory(reason, nil): "the device ran out of memory (try a smaller batch): \(Self.firstLine(reason))"
        case let .unsupported(what): "the torch backend does not support \(what) yet (train it with --device cpu)"
        case let .failed(reason): "libtorch: \(reason)"
        }
    }

    /// The same error, an out-of-memory one naming the batch it happened on.
    func naming(batch: Int) -> TorchError {
        guard case let .outOfMemory(reason, _) = self else { return self }
        return .outOfMemory(reason: reason, batch: batch)
    }

    /// libtorch's first line (its CUDA out-of-memory message goes on with allocator advice for PyTorch users).
    private static func firstLine(_ text: String) -> String {
        String(text.split(separator: "\n", omittingEmptySubsequences: true).first ?? "")
    }

    /// Turns a C API status into a thrown error (nothing for SPK_TORCH_OK).
    static func check(_ status: Int32, device: String = "") throws(TorchError) {
        guard status != 0 else { return }
        let message = String(cString: spk_torch_last_error())
        switch status {
        case Int32(SPK_TORCH_DEVICE_UNAVAILABLE): throw .deviceUnavailable(device: device, reason: message)
        case Int32(SPK_TORCH_OUT_OF_MEMORY): throw .outOfMemory(reason: message)
        default: throw .failed(reason: message)
        }
    }
}

/// libtorch's version and thread pool.
public enum Torch {
    public static var version: String { String(cString: spk_torch_version()) }
    /// Threads of ATen's CPU pool (`--threads`).
    public static func setThreads(_ threads: Int) { spk_torch_set_threads(Int32(clamping: threads)) }

    /// Opens `device` (libtorch's name) once, so a missing GPU or CUDA library is reported before any other work.
    public static func checkDevice(_ device: String) throws(TorchError) {
        var pointer: OpaquePointer?
        try TorchError.check(spk_torch_network_create(device, &pointer), device: device)
        spk_torch_network_free(pointer)
    }

    /// The most memory this process's tensors held at once on CUDA `device`, and the most libtorch's caching
    /// allocator reserved, in bytes (PyTorch's max_memory_allocated / max_memory_reserved).
    public static func peakMemory(_ device: String) throws(TorchError) -> (allocated: Int, reserved: Int) {
        var allocated: Int64 = 0, reserved: Int64 = 0
        try TorchError.check(spk_torch_peak_memory(device, &allocated, &reserved), device: device)
        return (Int(allocated), Int(reserved))
    }
}
