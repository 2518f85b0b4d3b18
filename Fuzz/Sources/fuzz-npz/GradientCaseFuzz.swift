// libFuzzer entry point for NumPy .npz archives and the gradient cases of `spikestream grad`: every input is read
// as an archive, written back and read again (the same arrays), then checked as a case and, when its network is
// small, run.
import FuzzSupport
import SpikeFormats
import SpikeModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let arrays = try NumPyArchive.read(bytes: bytes, path: "input.npz")
        let scratch = FuzzInput.file(UnsafeBufferPointer(start: data, count: 0), suffix: ".npz")
        let numeric = arrays.filter { $0.value.dtype == .float64 || $0.value.dtype == .int64 }
        try NumPyArchive.write(numeric, to: scratch)
        let again = try NumPyArchive.read(path: scratch)
        precondition(again.keys.sorted() == numeric.keys.sorted() && numeric.allSatisfy { name, array in
            again[name]!.shape == array.shape && again[name]!.values.map(\.bitPattern) == array.values.map(\.bitPattern)
        }, "an archive we wrote reads back differently")
        let gradientCase = try GradientCase(arrays: arrays, path: "input.npz")
        // Running allocates per neuron and step: only cases of a size a test would use.
        let work = (arrays["x"]?.values.count ?? 0) + arrays.filter { $0.key.hasPrefix("W") }.map(\.value.values.count).reduce(0, +)
        if work < 20_000, gradientCase.config.spec.count < 64 { _ = try gradientCase.result() }
    } catch {
        FuzzInput.checkDescribed(error)
    }
    return 0
}
