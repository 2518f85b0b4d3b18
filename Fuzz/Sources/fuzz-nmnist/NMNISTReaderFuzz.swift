// libFuzzer entry point for the N-MNIST reader: every input is written to a file and decoded in small chunks.
import FuzzSupport
import SpikeFormats

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let path = FuzzInput.file(UnsafeBufferPointer(start: data, count: size), suffix: ".bin")
    // The first byte picks the chunk and block sizes so the fuzzer also explores chunk boundaries.
    let chunk = 1 + Int(size > 0 ? data[0] % 17 : 0)
    do {
        let total = try FuzzInput.drain(NMNISTReader(path: path, blockRecords: 1 + chunk / 2), chunk: chunk)
        precondition(total <= size / 5, "more events than records")
    } catch {
        FuzzInput.checkDescribed(error)
    }
    return 0
}
