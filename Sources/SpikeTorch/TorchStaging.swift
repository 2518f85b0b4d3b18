import CTorchBackend
import SpikeEvents
import SpikeNet

/// Where batches for one libtorch device are staged (`InputStaging`): each batch is written once, as the cache
/// stores it, into a host buffer of the backend (page-locked on CUDA, whose copy to the GPU then starts on a side
/// stream while the previous batch trains; read in place on the CPU).
public final class TorchStaging: InputStaging, @unchecked Sendable {  // the C++ stage locks its buffer pool
    let handle: OpaquePointer
    public let device: String

    /// `device`: libtorch's name ("cpu", "cuda", "cuda:N", "meta").
    public init(device: String) throws(TorchError) {
        var pointer: OpaquePointer?
        try TorchError.check(spk_torch_stage_create(device, &pointer), device: device)
        handle = pointer!
        self.device = device
    }

    deinit { spk_torch_stage_free(handle) }

    public func stage(_ frames: [FrameTensor], timeSteps: Int, binary: Bool) throws -> any StagedInput {
        guard let first = frames.first else { throw SpikeNetError.badInput(reason: "an empty batch") }
        let s = first.shape
        let shape = [frames.count, timeSteps, s.channels, s.height, s.width]
        guard frames.allSatisfy({ $0.shape.channels == s.channels && $0.shape.height == s.height
                                  && $0.shape.width == s.width && $0.shape.timeSteps <= timeSteps }) else {
            throw SpikeNetError.badInput(reason: "frames of a batch differ in C, H, W or exceed \(timeSteps) steps")
        }
        // The cache's element type where every sample has it (one cache has one), else floats.
        let type: FrameDType = frames.allSatisfy({ $0.dtype == first.dtype }) ? first.dtype : .float32
        let (code, size): (Int32, Int) = switch type {
        case .uint8: (Int32(SPK_INPUT_UINT8), 1)
        case .uint16: (Int32(SPK_INPUT_UINT16), 2)
        case .float32: (Int32(SPK_INPUT_FLOAT32), 4)
        }
        var input: OpaquePointer?, host: UnsafeMutableRawPointer?
        try TorchError.check(spk_torch_input_create(handle, code, shape.map(Int64.init), binary ? 1 : 0, &input, &host),
                             device: device)
        let staged = TorchStagedInput(handle: input!, shape: shape)
        let sample = timeSteps * s.channels * s.height * s.width * size
        for (b, tensor) in frames.enumerated() {
            let base = host! + b * sample
            let written = Self.write(tensor.storage, as: type, into: base)
            (base + written).initializeMemory(as: UInt8.self, repeating: 0, count: sample - written)
        }
        try TorchError.check(spk_torch_input_submit(input), device: device)
        return staged
    }

    /// Writes `storage` at `out` as `type` (its own type: a plain copy); returns the bytes written.
    private static func write(_ storage: FrameStorage, as type: FrameDType, into out: UnsafeMutableRawPointer) -> Int {
        func copy(_ bytes: UnsafeRawBufferPointer) -> Int {
            out.copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
            return bytes.count
        }
        switch (storage, type) {
        case let (.uint8(a), .uint8): return a.withUnsafeBytes(copy)
        case let (.uint16(a), .uint16): return a.withUnsafeBytes(copy)
        case let (.float32(a), .float32): return a.withUnsafeBytes(copy)
        default:  // a sample stored otherwise than the rest of its batch: floats
            let floats = out.bindMemory(to: Float.self, capacity: storage.count)
            for i in 0..<storage.count { floats[i] = Float(storage[i]) }
            return storage.count * 4
        }
    }
}

/// One staged batch (freed, its host buffer back to the stage once its copy is done, when the last reference goes).
final class TorchStagedInput: StagedInput, @unchecked Sendable {  // used by one pass at a time
    let handle: OpaquePointer
    let shape: [Int]

    init(handle: OpaquePointer, shape: [Int]) {
        self.handle = handle
        self.shape = shape
    }

    deinit { spk_torch_input_free(handle) }
}
